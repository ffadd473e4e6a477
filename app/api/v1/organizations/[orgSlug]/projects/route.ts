import { NextResponse } from "next/server";
import { listOrganizationProjects } from "@/lib/domain/groups/list-filter-options";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/projects */
export const GET = organizationRoute(
  async ({ db, access }) => NextResponse.json({ projects: await listOrganizationProjects(db, access.organization.id) }),
  { scope: "issues:read" },
);
