"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";

// Tailwind's md breakpoint: below it the sidebar turns into a top bar and a sheet.
const WIDE = "(min-width: 768px)";

function MenuIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round">
      <path d="M3 5.5h14M3 10h14M3 14.5h14" />
    </svg>
  );
}

function CloseIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round">
      <path d="M5 5l10 10M15 5L5 15" />
    </svg>
  );
}

const ICON_BUTTON = "inline-flex h-9 w-9 items-center justify-center rounded-md text-fg-muted hover:bg-surface-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-accent";

/**
 * The dashboard's frame: a sidebar on wide screens; below 768 px a top bar whose menu button
 * opens the same sidebar as a modal sheet (a native <dialog>: focus moves in and is held there,
 * Esc closes it, focus returns to the button). The sheet also closes when a link in it is
 * followed and when the screen grows wide.
 */
export function AppShell({ brand, title, sidebar, children }: { brand: ReactNode; title: string; sidebar: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const sheet = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();

  const close = useCallback(() => sheet.current?.close(), []);

  useEffect(() => {
    const dialog = sheet.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    // The page behind keeps its scroll position while the sheet is up.
    document.documentElement.style.overflow = open ? "hidden" : "";
  }, [open]);

  useEffect(close, [pathname, close]);

  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const onChange = () => wide.matches && close();
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, [close]);

  const onSheetClick = (event: MouseEvent<HTMLDialogElement>) => {
    // A click on the backdrop lands on the dialog itself; a followed link is a navigation.
    if (event.target === event.currentTarget || (event.target as HTMLElement).closest("a[href]")) close();
  };

  return (
    <>
      <a
        href="#main-content"
        className="sr-only rounded-md bg-accent px-3 py-2 text-sm font-medium text-on-accent focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to main content
      </a>
      <div className="min-h-screen md:flex">
        <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-line bg-surface-muted md:flex">{sidebar}</aside>
        <header className="sticky top-0 z-20 flex h-12 items-center gap-2 border-b border-line bg-surface px-2 md:hidden">
          <button type="button" aria-label="Open navigation" aria-haspopup="dialog" aria-expanded={open} aria-controls="navigation-sheet" onClick={() => setOpen(true)} className={ICON_BUTTON}>
            <MenuIcon />
          </button>
          {brand}
          <span aria-hidden className="text-fg-subtle">
            /
          </span>
          <span className="min-w-0 truncate text-sm font-medium text-fg">{title}</span>
        </header>
        <dialog
          id="navigation-sheet"
          ref={sheet}
          aria-label="Navigation"
          onClose={() => setOpen(false)}
          onClick={onSheetClick}
          className="fixed inset-y-0 left-0 m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50 md:hidden"
        >
          {open ? (
            <div className="flex h-full flex-col">
              <div className="flex justify-end px-2 pt-2">
                <button type="button" aria-label="Close navigation" onClick={close} className={ICON_BUTTON}>
                  <CloseIcon />
                </button>
              </div>
              {sidebar}
            </div>
          ) : null}
        </dialog>
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </>
  );
}
