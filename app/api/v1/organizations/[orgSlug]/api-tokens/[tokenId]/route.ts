import { requireOrganizationAccess } from "@/lib/auth/access";
import { revokeApiToken } from "@/lib/auth/tokens";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/organizations/{orgSlug}/api-tokens/{tokenId} — revokes; the row stays for the record. */
export const DELETE = authenticatedRoute<{ orgSlug: string; tokenId: string }>(async ({ params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "org:admin");
  await revokeApiToken(db, { organizationId: access.organization.id, tokenId: params.tokenId });
  return new Response(null, { status: 204 });
});
