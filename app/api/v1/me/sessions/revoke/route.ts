import { NextResponse } from "next/server";
import { revokeSessions } from "@/lib/auth/session-version";
import { forbidden } from "@/lib/http/errors";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/v1/me/sessions/revoke — signs the caller out in every browser, this one included. */
export const POST = authenticatedRoute(async ({ db, principal }) => {
  if (principal.kind !== "user") throw forbidden("An API token has no sessions; revoke the token itself instead");
  await revokeSessions(db, principal.userId);
  return new NextResponse(null, { status: 204 });
});
