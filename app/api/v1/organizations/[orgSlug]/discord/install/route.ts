import { conflict, forbidden } from "@/lib/http/errors";
import { organizationRoute } from "@/lib/http/route";
import { discordAppSettings, discordInstallSettings } from "@/lib/integrations/discord/app-settings";
import { discordInstallUrl, signDiscordInstallState } from "@/lib/integrations/discord/install-link";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/organizations/{orgSlug}/discord/install (org:admin, signed in) — the "Add to
 * Discord" button: a fresh 10-minute state for this admin and organization, then Discord's
 * install page. The state is made on click, not when the page rendered, so an open tab never
 * hands out an expired link.
 */
export const GET = organizationRoute(
  async ({ access }) => {
    if (access.principal.kind !== "user") throw forbidden("Adding a Discord server is done in the browser, signed in as an admin (or with `npm run tether -- discord add`)");
    const app = discordAppSettings();
    if (!app.configured) throw conflict(`The Discord application is not configured: ${app.problems.map((problem) => problem.split(":")[0]).join(", ")}`);
    const install = discordInstallSettings();
    if (!install.clientSecret) throw conflict("Adding a server from the page needs DISCORD_CLIENT_SECRET; use `npm run tether -- discord add --guild ID --org SLUG` instead");
    const state = await signDiscordInstallState({ organizationId: access.organization.id, userId: access.principal.userId });
    return new Response(null, { status: 303, headers: { location: discordInstallUrl(app.settings, install, state), "cache-control": "no-store" } });
  },
  { scope: "org:admin" },
);
