import { NextResponse } from "next/server";
import { z } from "zod";
import { API_SCOPES, apiScopeSchema } from "@/lib/auth/scopes";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { readJsonBody } from "@/lib/input/request-body";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  scopes: z.array(apiScopeSchema).min(1, "Choose at least one scope").max(API_SCOPES.length),
});

/** GET /api/v1/organizations/{orgSlug}/api-tokens — every token, revoked ones included; never the secret. */
export const GET = organizationRoute(
  async ({ db, access }) => NextResponse.json({ tokens: await listApiTokens(db, access.organization.id) }),
  { scope: "org:admin" },
);

/** POST /api/v1/organizations/{orgSlug}/api-tokens {name, scopes} — the answer is the only time the token is shown. */
export const POST = organizationRoute(
  async ({ request, db, access }) => {
    const input = await readJsonBody(request, createTokenSchema, 16 * 1024);
    const created = await createApiToken(db, { organizationId: access.organization.id, name: input.name, scopes: input.scopes, createdById: access.userId });
    return NextResponse.json(created, { status: 201 });
  },
  { scope: "org:admin" },
);
