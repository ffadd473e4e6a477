import type { ReactNode } from "react";
import { notFoundPageOn404, signedInOrRedirect } from "@/lib/auth/page-access";
import { sessionUserId } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { EXPIRED_LINK_MESSAGE, openIdentityLink } from "@/lib/integrations/discord/identity-links";
import type { IdentityLinkAction } from "@/lib/integrations/discord/identity-link-token";
import { IdentityLinkConfirm } from "./identity-link-confirm";

const PAGE_PATH: Record<IdentityLinkAction, string> = { link: "/discord/link-identity/", unlink: "/discord/unlink-identity/" };

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main-content" className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight text-fg">Tether</p>
        <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-fg">{title}</h1>
          {children}
        </div>
      </div>
    </main>
  );
}

/**
 * The page a /link or /unlink reply in Discord opens (behaviour.md §9.3): sign-in first (back here
 * afterwards), then what will happen and a confirm button; an expired or tampered link says so,
 * and a guild none of the user's organizations has is the 404 page.
 */
export async function IdentityLinkPage({ action, token }: { action: IdentityLinkAction; token: string }) {
  const userId = signedInOrRedirect(await sessionUserId(), `${PAGE_PATH[action]}${encodeURIComponent(token)}`);
  const opened = await openIdentityLink(await getDb(), { action, token, userId }).catch(notFoundPageOn404);
  if (opened.state === "invalid") {
    return (
      <Card title="Link expired">
        <p role="alert" className="mt-4 rounded-md bg-warning-soft p-3 text-sm text-warning">
          {EXPIRED_LINK_MESSAGE[action]}
        </p>
      </Card>
    );
  }
  const { discordUserId, discordName, guild, user, linkedTo } = opened;
  if (action === "link") {
    return (
      <Card title="Link your Discord account">
        <p className="mt-4 text-sm text-fg">
          Link Discord account {discordName ? <span className="font-medium">{discordName}</span> : null} <span className="font-mono">({discordUserId})</span> in{" "}
          <span className="font-medium">{guild.name}</span> to <span className="font-medium">{user.email}</span>?
        </p>
        <p className="mt-2 text-sm text-warning">Only continue if you ran /link yourself: whoever owns this Discord account will act as you in Tether.</p>
        {linkedTo && linkedTo.userId !== user.id ? (
          <p className="mt-2 text-sm text-warning">It is linked to {linkedTo.email} now; linking moves it to you.</p>
        ) : null}
        <p className="mt-2 text-sm text-fg-subtle">Buttons on Tether messages in this Discord server will then act as you.</p>
        <IdentityLinkConfirm action="link" token={token} />
      </Card>
    );
  }
  return (
    <Card title="Unlink your Discord account">
      <p className="mt-4 text-sm text-fg">
        Unlink Discord account <span className="font-mono">{discordUserId}</span> in <span className="font-medium">{guild.name}</span>
        {linkedTo ? (
          <>
            {" "}
            from <span className="font-medium">{linkedTo.email}</span>
          </>
        ) : null}
        ?
      </p>
      <IdentityLinkConfirm action="unlink" token={token} />
    </Card>
  );
}
