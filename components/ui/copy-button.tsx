"use client";

import { useEffect, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/**
 * The Clipboard API exists only in secure contexts; a self-hosted Tether is often opened over
 * plain http on a LAN address, where the old selection-based copy still works.
 */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

/** Copies `value` and says so (button text and a toast); `what` names it for both and for screen readers. */
export function CopyButton({ value, what, label = "Copy", variant = "secondary", size = "sm", className = "" }: { value: string; what: string; label?: string; variant?: ButtonVariant; size?: ButtonSize; className?: string }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      variant={variant}
      size={size}
      className={className}
      aria-label={`Copy ${what}`}
      onClick={() => {
        copyText(value).then(
          () => {
            setCopied(true);
            toast.show(`${what[0].toUpperCase()}${what.slice(1)} copied`);
          },
          () => toast.show(`Could not copy the ${what}: select it and copy it by hand`, "error"),
        );
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}
