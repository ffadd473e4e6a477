import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "accent" | "danger" | "success" | "warning" | "info" | "solid-danger";

const TONE: Record<BadgeTone, string> = {
  neutral: "bg-surface-muted text-fg-muted ring-line",
  accent: "bg-accent-soft text-accent-fg ring-accent/20",
  danger: "bg-danger-soft text-danger ring-danger-line",
  success: "bg-success-soft text-success ring-success/20",
  warning: "bg-warning-soft text-warning ring-warning/20",
  info: "bg-info-soft text-info ring-info/20",
  "solid-danger": "bg-red-600 text-white ring-red-600",
};

export function Badge({ tone = "neutral", children, className = "", title }: { tone?: BadgeTone; children: ReactNode; className?: string; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset ${TONE[tone]} ${className}`}>
      {children}
    </span>
  );
}
