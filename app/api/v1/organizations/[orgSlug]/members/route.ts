import { NextResponse } from "next/server";
import { listOrganizationMembers } from "@/lib/domain/groups/list-filter-options";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/members — members and teams, the possible assignees. */
export const GET = organizationRoute(
  async ({ db, access }) => NextResponse.json(await listOrganizationMembers(db, access.organization.id)),
  { scope: "issues:read" },
);
