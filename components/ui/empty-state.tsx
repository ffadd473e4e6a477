import type { ReactNode } from "react";

/** What an empty list says: what it is, and what to do next. */
export function EmptyState({ title, children, action }: { title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-line-strong bg-surface p-8 text-center text-sm text-fg-muted">
      <p className="text-base font-medium text-fg">{title}</p>
      {children ? <div className="mt-2">{children}</div> : null}
      {action ? <div className="mt-3 flex justify-center">{action}</div> : null}
    </div>
  );
}
