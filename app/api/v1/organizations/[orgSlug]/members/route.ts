import { NextResponse } from "next/server";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { listOrganizationMembers } from "@/lib/domain/groups/list-filter-options";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/members — members and teams, the possible assignees. */
export const GET = authenticatedRoute<{ orgSlug: string }>(async ({ params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:read");
  return NextResponse.json(await listOrganizationMembers(db, access.organization.id));
});
