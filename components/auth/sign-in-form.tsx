"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";

const noSubscription = () => () => undefined;

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20";

/** Email and password sign-in; stays on the page with a clear message when refused. */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until React runs, a click would post the form natively (and lose the callback): wait for it.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read the fields from the form itself: what was typed before hydration counts too.
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your email and password");
      return;
    }
    setPending(true);
    setError(null);
    try {
      let result = await signIn("credentials", { email, password, redirect: false });
      // A fresh browser can race next-auth's CSRF cookie (the session check sets one too): the
      // answer is then "ok" with ?csrf=true and no session. The cookie is settled now, so retry once.
      if (result?.ok && result.url?.includes("csrf=true")) result = await signIn("credentials", { email, password, redirect: false });
      if (result?.ok && result.url?.includes("csrf=true")) {
        setError("Your sign-in form expired. Reload the page and try again.");
        setPending(false);
        return;
      }
      if (!result || result.error || !result.ok) {
        // The throttle's refusal says how long to wait; show it as it is.
        if (result?.error?.startsWith("Too many sign-in attempts")) setError(result.error);
        else setError(result?.status === 401 || result?.error === "CredentialsSignin" ? "Email or password is incorrect" : "Could not sign in right now. Try again in a moment.");
        setPending(false);
        return;
      }
      // The page checked it already; checked again here because this is where the browser goes.
      router.push(safeCallbackPath(callbackUrl, [window.location.origin]));
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus className={input} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={input} />
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending || !hydrated}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
