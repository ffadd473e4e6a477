"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** The link of a new (or resent) invite: shown once, to copy and pass on by hand. */
export function InviteLinkBox({ email, path, onDone }: { email: string; path: string; onDone: () => void }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}${path}`;
  return (
    <div role="status" className="space-y-2 rounded-lg border border-success/30 bg-success-soft p-4 text-sm">
      <p className="font-medium text-fg">
        Invite link for {email}. Tether sends no email: copy the link and send it to them yourself. It works once, for 7 days.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Input readOnly aria-label={`Invite link for ${email}`} value={url} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 font-mono text-xs" />
        <Button
          variant="primary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(
              () => {
                setCopied(true);
                toast.show("Invite link copied");
              },
              () => toast.show("Could not copy; select the link and copy it by hand", "error"),
            );
          }}
        >
          {copied ? "Copied" : "Copy link"}
        </Button>
        <Button size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
