import { NextResponse } from "next/server";
import { receiveInteractionInTime } from "@/lib/integrations/discord/deferred-reply";
import { ephemeralReply } from "@/lib/integrations/discord/interaction-reply";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/discord/interactions (§9.1): the shared webhook pipeline with Discord's parts. A bad
 * or stale signature is a 401 with a JSON error; body and payload errors are 4xx AppErrors the
 * wrapper answers; types Tether does not use get 200 with an empty body. Work still running after
 * about 2 s is answered deferred (type 5/6) and its reply follows through the webhook.
 */
export const POST = publicRoute(async ({ db, request }) => {
  const outcome = await receiveInteractionInTime(db, request);
  if (outcome.status === "unauthenticated") {
    const status = outcome.reason === "not_configured" ? 503 : 401;
    const code = outcome.reason === "not_configured" ? "discord_not_configured" : "invalid_interaction_signature";
    return NextResponse.json({ error: { code, reason: outcome.reason, message: outcome.message } }, { status });
  }
  if (outcome.status === "deferred") return NextResponse.json(outcome.response);
  if (outcome.status === "duplicate") return NextResponse.json(ephemeralReply("This interaction was already handled."));
  if (outcome.result === null) return new Response(null, { status: 200 });
  return NextResponse.json(outcome.result);
});
