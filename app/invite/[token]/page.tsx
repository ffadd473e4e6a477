import type { Metadata } from "next";
import Link from "next/link";
import { InviteAcceptance } from "@/components/settings/invite-acceptance";
import { ROLE_LABEL } from "@/components/settings/role-labels";
import { buttonClass } from "@/components/ui/button";
import { sessionUserId } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { openInvite, type InviteState } from "@/lib/domain/organizations/accept-invite";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation" };

const UNUSABLE: Record<Exclude<InviteState, "pending">, { title: string; body: string }> = {
  invalid: { title: "This invite link is not valid", body: "Check that you copied the whole link, or ask an admin of the organization for a new one." },
  expired: { title: "This invite has expired", body: "Invite links work for 7 days. Ask an admin to resend the invite; they get a new link for you." },
  revoked: { title: "This invite was revoked", body: "An admin withdrew it. Ask them for a new invite if you should still join." },
  accepted: { title: "This invite has already been used", body: "Each invite link works once. If it was you, sign in to continue." },
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const [opened, userId] = await Promise.all([openInvite(db, token), sessionUserId()]);
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { email: true } }) : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight text-fg">Tether</p>
        <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
          {opened.state !== "pending" || !opened.invite ? (
            <div className="space-y-3">
              <h1 className="text-lg font-semibold text-fg">{UNUSABLE[opened.state === "pending" ? "invalid" : opened.state].title}</h1>
              <p className="text-sm text-fg-muted">{UNUSABLE[opened.state === "pending" ? "invalid" : opened.state].body}</p>
              <Link href="/signin" className={buttonClass("secondary")}>
                Go to sign-in
              </Link>
            </div>
          ) : (
            <div className="space-y-4">
              <div>
                <h1 className="text-lg font-semibold text-fg">Join {opened.invite.organization.name}</h1>
                <p className="mt-1 text-sm text-fg-muted">
                  {opened.invite.invitedBy ?? "An admin"} invited <strong className="text-fg">{opened.invite.email}</strong> as {ROLE_LABEL[opened.invite.role].toLowerCase()}.
                </p>
              </div>
              <InviteAcceptance
                token={token}
                email={opened.invite.email}
                organizationSlug={opened.invite.organization.slug}
                signedInAs={user?.email ?? null}
                accountExists={opened.invite.accountExists}
              />
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
