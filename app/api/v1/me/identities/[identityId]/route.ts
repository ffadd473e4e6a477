import { NextResponse } from "next/server";
import { unlinkOwnDiscordIdentity } from "@/lib/integrations/discord/user-identities";
import { forbidden } from "@/lib/http/errors";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/me/identities/{identityId} — unlinks one of the caller's own Discord identities. */
export const DELETE = authenticatedRoute<{ identityId: string }>(async ({ db, principal, params }) => {
  if (principal.kind !== "user") throw forbidden("An API token has no linked identities");
  return NextResponse.json(await unlinkOwnDiscordIdentity(db, { userId: principal.userId, identityId: params.identityId }));
});
