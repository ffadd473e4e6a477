import { revokeApiToken } from "@/lib/auth/tokens";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/organizations/{orgSlug}/api-tokens/{tokenId} — revokes; the row stays for the record. */
export const DELETE = organizationRoute<{ orgSlug: string; tokenId: string }>(
  async ({ params, db, access }) => {
    await revokeApiToken(db, { organizationId: access.organization.id, tokenId: params.tokenId });
    return new Response(null, { status: 204 });
  },
  { scope: "org:admin" },
);
