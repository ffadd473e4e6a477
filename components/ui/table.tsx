import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

/**
 * A dense data table on a panel; scrolls sideways instead of crushing its columns. Positioned, so
 * screen-reader-only text in a wide cell is clipped with the table instead of widening the page.
 */
export function Table({ children, className = "", dimmed = false, label }: { children: ReactNode; className?: string; dimmed?: boolean; label?: string }) {
  return (
    <div aria-busy={dimmed || undefined} className={`relative overflow-x-auto rounded-lg border border-line bg-surface transition-opacity ${dimmed ? "opacity-60" : ""} ${className}`}>
      <table aria-label={label} className="w-full text-sm">
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return <thead className="border-b border-line bg-surface-muted text-left text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">{children}</thead>;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-line">{children}</tbody>;
}

export function Tr({ className = "", selected = false, ...rest }: HTMLAttributes<HTMLTableRowElement> & { selected?: boolean }) {
  return <tr className={`hover:bg-surface-muted ${selected ? "bg-accent-soft" : ""} ${className}`} {...rest} />;
}

export function Th({ className = "", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={`px-3 py-2 ${className}`} {...rest} />;
}

export function Td({ className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-3 py-2 ${className}`} {...rest} />;
}
