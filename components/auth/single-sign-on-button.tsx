"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SingleSignOnButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn("oidc", { callbackUrl });
      }}
      className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50"
    >
      {pending ? "Redirecting…" : `Continue with ${name}`}
    </button>
  );
}
