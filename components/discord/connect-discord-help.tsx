import { Suspense } from "react";
import { buttonClass } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { discordAppSettings, discordInstallSettings } from "@/lib/integrations/discord/app-settings";
import { DiscordInstallNotice } from "./discord-install-notice";

/**
 * How an organization connects a Discord server (server component: whether the application is
 * configured is the server's to say, and only admins get the button).
 */
export async function ConnectDiscordHelp({ orgSlug }: { orgSlug: string }) {
  // The page asked the same a moment ago; React's request cache answers this from it.
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/integrations`);
  const isAdmin = scopeGranted(access.scopes, "org:admin");
  const app = discordAppSettings();
  const install = discordInstallSettings();
  const cli = `npm run tether -- discord add --guild <guild id> --org ${orgSlug}`;
  return (
    <Panel title={<span id="connect-discord">Connect a Discord server</span>} description="Send alerts to Discord channels and let members resolve, archive and assign issues from them.">
      <div className="text-sm text-fg">
      <Suspense fallback={null}>
        <DiscordInstallNotice />
      </Suspense>
      {!app.configured ? (
        <p className="mt-2 rounded-md bg-warning-soft p-3 text-warning">
          Discord is not configured on this server. Set {app.problems.map((problem) => problem.split(":")[0]).join(", ")} in Tether&apos;s environment (see the README).
        </p>
      ) : !isAdmin ? (
        <p className="mt-2 text-fg-subtle">Only owners and admins can add a Discord server.</p>
      ) : install.clientSecret ? (
        <a
          href={`/api/v1/organizations/${encodeURIComponent(orgSlug)}/discord/install`}
          className={buttonClass("primary", "md", "mt-1")}
        >
          Add to Discord
        </a>
      ) : (
        <p className="mt-2 rounded-md bg-warning-soft p-3 text-warning">Add to Discord needs DISCORD_CLIENT_SECRET (the application&apos;s OAuth2 client secret) to confirm the install; until it is set, add a server from a shell.</p>
      )}
      {app.configured && isAdmin ? (
        <p className="mt-2">
          Or, from a shell, once the bot is in the server: <code className="rounded bg-surface-muted px-1.5 py-0.5 text-xs break-all">{cli}</code>
        </p>
      ) : null}
      </div>
    </Panel>
  );
}
