import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SingleSignOnButton } from "@/components/auth/single-sign-on-button";
import { sessionUserId } from "@/lib/auth/access";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";
import { singleSignOnSettings } from "@/lib/auth/single-sign-on";
import { getDb } from "@/lib/db/client";
import { demoLoginToShow } from "@/lib/demo/demo-login";
import { configuredOrigins } from "@/lib/http/app-origins";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = await searchParams;
  // Only paths of this site: anything else would make the sign-in page an open redirect.
  const callbackUrl = safeCallbackPath(search.callbackUrl, configuredOrigins());
  const singleSignOn = singleSignOnSettings();
  const refused = search.error === "AccessDenied";
  if (await sessionUserId()) redirect(callbackUrl);
  // The sign-in form must show even when the database is down; the hint is only a convenience.
  const demoLogin = await getDb()
    .then((db) => demoLoginToShow(db))
    .catch(() => null);
  return (
    <main id="main-content" className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-semibold tracking-tight text-fg">Tether</p>
          <p className="mt-1 text-sm text-fg-muted">Sign in to triage your error groups</p>
        </div>
        <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
          {refused ? (
            <p role="alert" className="mb-4 rounded-md border border-danger-line bg-danger-soft p-3 text-sm text-danger">
              No active Tether user has the verified email your identity provider gave. Ask an admin to add you.
            </p>
          ) : null}
          <SignInForm callbackUrl={callbackUrl} demoLogin={demoLogin} />
          {singleSignOn ? (
            <div className="mt-4 border-t border-line pt-4">
              <SingleSignOnButton name={singleSignOn.name} callbackUrl={callbackUrl} />
            </div>
          ) : null}
        </div>
      </div>
    </main>
  );
}
