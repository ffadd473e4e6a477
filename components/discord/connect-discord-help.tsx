import { Suspense } from "react";
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
    <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700" aria-labelledby="connect-discord">
      <h2 id="connect-discord" className="font-semibold text-slate-900">
        Connect a Discord server
      </h2>
      <p className="mt-1">Send alerts to Discord channels and let members resolve, archive and assign issues from them.</p>
      <Suspense fallback={null}>
        <DiscordInstallNotice />
      </Suspense>
      {!app.configured ? (
        <p className="mt-2 rounded-md bg-amber-50 p-3 text-amber-800">
          Discord is not configured on this server. Set {app.problems.map((problem) => problem.split(":")[0]).join(", ")} in Tether&apos;s environment (see the README).
        </p>
      ) : !isAdmin ? (
        <p className="mt-2 text-slate-500">Only owners and admins can add a Discord server.</p>
      ) : install.clientSecret ? (
        <a
          href={`/api/v1/organizations/${encodeURIComponent(orgSlug)}/discord/install`}
          className="mt-3 inline-block rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500"
        >
          Add to Discord
        </a>
      ) : (
        <p className="mt-2 rounded-md bg-amber-50 p-3 text-amber-800">Add to Discord needs DISCORD_CLIENT_SECRET (the application&apos;s OAuth2 client secret) to confirm the install; until it is set, add a server from a shell.</p>
      )}
      {app.configured && isAdmin ? (
        <p className="mt-2">
          Or, from a shell, once the bot is in the server: <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{cli}</code>
        </p>
      ) : null}
    </section>
  );
}
