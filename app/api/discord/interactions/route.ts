import { NextResponse } from "next/server";
import { discordInteractionsWebhook } from "@/lib/integrations/discord/interactions";
import { ephemeralReply } from "@/lib/integrations/discord/interaction-reply";
import { receiveWebhook } from "@/lib/integrations/webhook";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/discord/interactions (§9.1): the shared webhook pipeline with Discord's parts. A bad
 * or stale signature is a 401 with a JSON error; body and payload errors are 4xx AppErrors the
 * wrapper answers; types Tether does not use get 200 with an empty body.
 */
export const POST = publicRoute(async ({ db, request }) => {
  const outcome = await receiveWebhook(db, request, discordInteractionsWebhook);
  if (outcome.status === "unauthenticated") {
    const status = outcome.reason === "not_configured" ? 503 : 401;
    const code = outcome.reason === "not_configured" ? "discord_not_configured" : "invalid_interaction_signature";
    return NextResponse.json({ error: { code, reason: outcome.reason, message: outcome.message } }, { status });
  }
  if (outcome.status === "duplicate") return NextResponse.json(ephemeralReply("This interaction was already handled."));
  if (outcome.result === null) return new Response(null, { status: 200 });
  return NextResponse.json(outcome.result);
});
