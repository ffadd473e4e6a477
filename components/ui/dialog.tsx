"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal on the native <dialog>: the browser traps focus, closes it on Esc and gives focus back
 * to where it was (so the groups list's keyboard shortcuts pick up again afterwards).
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  bodyClassName = "space-y-2 text-sm text-fg-muted",
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** The body's own styles; a dialog holding its own form or list passes "" to style it itself. */
  bodyClassName?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === e.currentTarget) onClose();
      }}
      className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface-raised p-0 text-fg shadow-xl backdrop:bg-black/50"
    >
      {open ? (
        <div className="p-4">
          <div className="mb-3 flex items-start justify-between gap-2">
            <h2 id={titleId} className="text-sm font-semibold">
              {title}
            </h2>
            <button type="button" aria-label="Close" className="rounded px-1.5 text-fg-subtle hover:bg-surface-muted hover:text-fg" onClick={onClose}>
              ×
            </button>
          </div>
          <div className={bodyClassName}>{children}</div>
          {footer ? <div className="mt-4 flex flex-wrap justify-end gap-2">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
