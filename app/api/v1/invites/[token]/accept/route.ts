import { NextResponse } from "next/server";
import { acceptInvite } from "@/lib/domain/organizations/accept-invite";
import { forbidden } from "@/lib/http/errors";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/v1/invites/{token}/accept — the signed-in user (holding the invite's email) joins. */
export const POST = authenticatedRoute<{ token: string }>(async ({ db, principal, params }) => {
  if (principal.kind !== "user") throw forbidden("Sign in to the dashboard to accept an invite");
  return NextResponse.json(await acceptInvite(db, { token: params.token, userId: principal.userId }));
});
