"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

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

/** The signed-in user, with sign-out here or everywhere. */
export function UserMenu({ name, email, profileHref }: { name: string | null; email: string; profileHref?: string }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState<"here" | "everywhere" | null>(null);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);

  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="User menu"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-100"
      >
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">{initials(name ?? email)}</span>
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium text-slate-800">{name ?? email}</span>
          {name ? <span className="block truncate text-xs text-slate-500">{email}</span> : null}
        </span>
      </button>
      {open ? (
        <div role="menu" className="absolute bottom-full left-0 z-20 mb-1 w-full min-w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <p className="truncate px-3 py-1.5 text-xs text-slate-500">Signed in as {email}</p>
          {profileHref ? (
            <Link role="menuitem" href={profileHref} onClick={() => setOpen(false)} className="block w-full px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-50">
              Your profile
            </Link>
          ) : null}
          <button
            type="button"
            role="menuitem"
            disabled={signingOut !== null}
            onClick={() => {
              setSigningOut("here");
              void signOut({ callbackUrl: "/signin" });
            }}
            className="w-full px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-60"
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
            className="w-full px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-60"
          >
            {signingOut === "everywhere" ? "Signing out everywhere…" : "Sign out everywhere"}
          </button>
          {failed ? (
            <p role="alert" className="px-3 py-1.5 text-xs text-red-700">
              Could not sign out everywhere. Try again.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
