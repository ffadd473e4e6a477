"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { ThemeChoiceItems } from "@/components/shell/theme-choice";

function initials(name: string): string {
  const parts = name.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** Ends every session of the user on the server (all browsers), then this browser's cookie. */
async function signOutEverywhere(): Promise<boolean> {
  const response = await fetch("/api/v1/me/sessions/revoke", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
  // 401: this session had already ended, which is what was asked for.
  if (!response || (!response.ok && response.status !== 401)) return false;
  await signOut({ callbackUrl: "/signin" });
  return true;
}

const ITEM = "w-full rounded-md px-3 py-1.5 text-left text-sm text-fg hover:bg-surface-muted focus-visible:bg-surface-muted focus-visible:outline-none disabled:opacity-60";

/** Arrow keys move between the menu's items, as in any menu. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End") return;
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])'));
  if (!items.length) return;
  event.preventDefault();
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = event.key === "Home" ? 0 : event.key === "End" ? items.length - 1 : (at + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
  items[next]?.focus();
}

/** The signed-in user: the theme, and sign-out here or everywhere. */
export function UserMenu({ name, email, profileHref }: { name: string | null; email: string; profileHref?: string }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState<"here" | "everywhere" | null>(null);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape") return;
      // Inside the navigation sheet, Esc closes the menu first, not the sheet.
      event.stopPropagation();
      event.preventDefault();
      setOpen(false);
      trigger.current?.focus();
    };
    document.addEventListener("mousedown", close);
    box.current?.addEventListener("keydown", escape);
    const element = box.current;
    return () => {
      document.removeEventListener("mousedown", close);
      element?.removeEventListener("keydown", escape);
    };
  }, [open]);

  return (
    <div ref={box} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="User menu"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
      >
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-on-accent">{initials(name ?? email)}</span>
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium text-fg">{name ?? email}</span>
          {name ? <span className="block truncate text-xs text-fg-subtle">{email}</span> : null}
        </span>
      </button>
      {open ? (
        <div ref={menu} role="menu" aria-label="User menu" onKeyDown={moveFocus} className="absolute bottom-full left-0 z-30 mb-1 w-full min-w-52 rounded-lg border border-line bg-surface-raised p-1 shadow-lg">
          <p className="truncate px-3 py-1.5 text-xs text-fg-subtle">Signed in as {email}</p>
          {profileHref ? (
            <Link role="menuitem" href={profileHref} onClick={() => setOpen(false)} className={`block ${ITEM}`}>
              Your profile
            </Link>
          ) : null}
          <ThemeChoiceItems />
          <div className="border-t border-line pt-1">
            <button
              type="button"
              role="menuitem"
              disabled={signingOut !== null}
              onClick={() => {
                setSigningOut("here");
                void signOut({ callbackUrl: "/signin" });
              }}
              className={ITEM}
            >
              {signingOut === "here" ? "Signing out…" : "Sign out"}
            </button>
            <button
              type="button"
              role="menuitem"
              disabled={signingOut !== null}
              onClick={() => {
                setSigningOut("everywhere");
                setFailed(false);
                void signOutEverywhere().then((done) => {
                  if (done) return;
                  setSigningOut(null);
                  setFailed(true);
                });
              }}
              className={ITEM}
            >
              {signingOut === "everywhere" ? "Signing out everywhere…" : "Sign out everywhere"}
            </button>
          </div>
          {failed ? (
            <p role="alert" className="px-3 py-1.5 text-xs text-danger">
              Could not sign out everywhere. Try again.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
