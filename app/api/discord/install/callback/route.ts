import { authenticatedRoute } from "@/lib/http/route";
import { forbidden } from "@/lib/http/errors";
import { discordAppSettings, discordInstallSettings } from "@/lib/integrations/discord/app-settings";
import { completeDiscordInstall } from "@/lib/integrations/discord/complete-install";

export const dynamic = "force-dynamic";

/**
 * GET /api/discord/install/callback — where Discord sends the admin after "Add to Discord"
 * (the redirect_uri). Refusals of who may finish it are 4xx JSON; every other outcome goes back
 * to the organization's integrations page with a notice, by a same-origin path Tether builds.
 */
export const GET = authenticatedRoute(async ({ db, request, principal }) => {
  if (principal.kind !== "user") throw forbidden("Finish the Discord install in the browser you started it in, signed in to Tether");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const outcome = await completeDiscordInstall(db, { sessionUserId: principal.userId, query, app: discordAppSettings(), install: discordInstallSettings() });
  const location = `/o/${encodeURIComponent(outcome.organizationSlug)}/settings/integrations?discord=${outcome.notice}`;
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
});
