"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";
import type { DemoLogin } from "@/lib/demo/demo-login";

const noSubscription = () => () => undefined;

/** On a demo install: the demo login, and a button that fills it into the form. */
function DemoLoginHint({ login, onFill }: { login: DemoLogin; onFill: () => void }) {
  return (
    <section aria-labelledby="demo-login-title" className="rounded-md border border-accent/30 bg-accent-soft px-3 py-2.5 text-sm">
      <div className="flex items-center justify-between gap-2">
        <h2 id="demo-login-title" className="font-medium text-accent-fg">
          Demo login
        </h2>
        <Button size="sm" onClick={onFill}>
          Fill in
        </Button>
      </div>
      <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-fg-muted">
        <dt>Email</dt>
        <dd className="truncate font-mono text-fg">{login.email}</dd>
        <dt>Password</dt>
        <dd className="font-mono text-fg">{login.password}</dd>
      </dl>
    </section>
  );
}

/** Email and password sign-in; stays on the page with a clear message when refused. */
export function SignInForm({ callbackUrl, demoLogin = null }: { callbackUrl: string; demoLogin?: DemoLogin | null }) {
  const router = useRouter();
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const submit = useRef<HTMLButtonElement>(null);
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

  function fillInDemoLogin() {
    if (!demoLogin || !emailInput.current || !passwordInput.current) return;
    emailInput.current.value = demoLogin.email;
    passwordInput.current.value = demoLogin.password;
    setError(null);
    submit.current?.focus();
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      {demoLogin ? <DemoLoginHint login={demoLogin} onFill={fillInDemoLogin} /> : null}
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium text-fg">
          Email
        </label>
        <Input ref={emailInput} id="email" name="email" type="email" autoComplete="username" required autoFocus aria-invalid={error ? true : undefined} aria-describedby={error ? "sign-in-error" : undefined} className="block w-full py-2" />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium text-fg">
          Password
        </label>
        <Input ref={passwordInput} id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={error ? true : undefined} aria-describedby={error ? "sign-in-error" : undefined} className="block w-full py-2" />
      </div>
      {error ? (
        <p id="sign-in-error" role="alert" className="rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button ref={submit} type="submit" variant="primary" disabled={!hydrated} pending={pending} className="w-full py-2">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
