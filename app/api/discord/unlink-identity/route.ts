import { NextResponse } from "next/server";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";
import { identityLinkBodySchema, signedInUserId } from "@/lib/integrations/discord/identity-link-route";
import { unlinkDiscordIdentity } from "@/lib/integrations/discord/identity-links";

export const dynamic = "force-dynamic";

/** POST /api/discord/unlink-identity — the unlink page's confirm: unlinks the Discord user of the signed link in its guild. */
export const POST = authenticatedRoute(async ({ db, request, principal }) => {
  const userId = signedInUserId(principal);
  const { token } = await readJsonBody(request, identityLinkBodySchema, 4096);
  return NextResponse.json(await unlinkDiscordIdentity(db, { token, userId }));
});
