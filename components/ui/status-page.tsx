import type { ReactNode } from "react";

/** A page of its own for when there is nothing else to show: not found, an error, a notice. */
export function StatusPage({ code, title, children, actions }: { code?: string; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <main id="main-content" className="flex min-h-[60vh] items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-line bg-surface p-6 text-center shadow-sm">
        {code ? <p className="text-sm font-semibold text-accent-fg">{code}</p> : null}
        <h1 className="mt-1 text-lg font-semibold text-fg">{title}</h1>
        {children ? <div className="mt-2 text-sm text-fg-muted">{children}</div> : null}
        {actions ? <div className="mt-4 flex flex-wrap justify-center gap-2">{actions}</div> : null}
      </div>
    </main>
  );
}
