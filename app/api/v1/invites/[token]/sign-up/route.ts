import { NextResponse } from "next/server";
import { z } from "zod";
import { acceptInviteWithNewAccount } from "@/lib/domain/organizations/accept-invite";
import { readJsonBody } from "@/lib/input/request-body";
import { publicRoute } from "@/lib/http/route";
import { assertSameOriginRequest } from "@/lib/http/same-origin";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/invites/{token}/sign-up {name, password} — a visitor without an account creates one
 * for the invite's email and joins; the invite link is the credential. Only from Tether's own page.
 */
export const POST = publicRoute<{ token: string }>(async ({ request, db, params }) => {
  assertSameOriginRequest(request);
  const body = await readJsonBody(request, z.strictObject({ name: z.string().max(1000), password: z.string().max(1024) }), 8 * 1024);
  return NextResponse.json(await acceptInviteWithNewAccount(db, { token: params.token, ...body }), { status: 201 });
});
