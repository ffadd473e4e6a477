"use client";

import { signIn, signOut } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

interface Props {
  token: string;
  email: string;
  organizationSlug: string;
  signedInAs: string | null;
  accountExists: boolean;
}

function ErrorText({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-danger">
      {message}
    </p>
  ) : null;
}

/** Accepting an invite: join as the signed-in user, sign in first, or create the account. */
export function InviteAcceptance({ token, email, organizationSlug, signedInAs, accountExists }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const destination = `/o/${organizationSlug}/groups`;
  const here = `/invite/${token}`;

  const fail = (caught: unknown) => {
    setPending(false);
    setError(caught instanceof Error ? caught.message : "Could not reach Tether; try again");
    setFields(caught instanceof ApiRequestError ? caught.fields : {});
  };

  if (signedInAs) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-fg-muted">You are signed in as {signedInAs}.</p>
        <ErrorText message={error} />
        <div className="flex flex-wrap gap-2">
          <Button
            variant="primary"
            pending={pending}
            onClick={() => {
              setPending(true);
              setError(null);
              apiRequest(`/api/v1/invites/${token}/accept`, { method: "POST" }).then(() => router.push(destination), fail);
            }}
          >
            Accept and join
          </Button>
          {signedInAs !== email ? (
            <Button onClick={() => void signOut({ callbackUrl: `/signin?callbackUrl=${encodeURIComponent(here)}` })}>Sign in as {email}</Button>
          ) : null}
        </div>
      </div>
    );
  }

  if (accountExists) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-fg-muted">{email} already has a Tether account. Sign in with it to accept the invite.</p>
        <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className={buttonClass("primary")}>
          Sign in to accept
        </Link>
      </div>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    setFields({});
    try {
      await apiRequest(`/api/v1/invites/${token}/sign-up`, { method: "POST", body: { name, password } });
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result?.ok || result.error) {
        // The account exists and has joined; only the automatic sign-in failed.
        router.push(`/signin?callbackUrl=${encodeURIComponent(destination)}`);
        return;
      }
      router.push(destination);
    } catch (caught) {
      fail(caught);
    }
  };
  const nameError = fields.name?.join(" ") ?? null;
  const passwordError = fields.password?.join(" ") ?? null;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="space-y-3">
      <p className="text-sm text-fg-muted">Create your account to join.</p>
      <Field id="invite-account-email" label="Email">
        <Input id="invite-account-email" value={email} readOnly autoComplete="username" className="w-full bg-surface-muted" />
      </Field>
      <Field id="invite-account-name" label="Your name" error={nameError}>
        <Input id="invite-account-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? "invite-account-name-error" : undefined} className="w-full" />
      </Field>
      <Field id="invite-account-password" label="Password" hint="At least 8 characters." error={passwordError}>
        <Input
          id="invite-account-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          required
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? "invite-account-password-hint invite-account-password-error" : "invite-account-password-hint"}
          className="w-full"
        />
      </Field>
      <ErrorText message={nameError || passwordError ? null : error} />
      <Button type="submit" variant="primary" pending={pending} disabled={!name.trim() || !password} className="w-full">
        Create account and join
      </Button>
    </form>
  );
}
