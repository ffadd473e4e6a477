import { NextResponse } from "next/server";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";
import { identityLinkBodySchema, signedInUserId } from "@/lib/integrations/discord/identity-link-route";
import { linkDiscordIdentity } from "@/lib/integrations/discord/identity-links";

export const dynamic = "force-dynamic";

/** POST /api/discord/link-identity — the link page's confirm: links the Discord user of the signed link to the signed-in user. */
export const POST = authenticatedRoute(async ({ db, request, principal }) => {
  const userId = signedInUserId(principal);
  const { token } = await readJsonBody(request, identityLinkBodySchema, 4096);
  return NextResponse.json(await linkDiscordIdentity(db, { token, userId }));
});
