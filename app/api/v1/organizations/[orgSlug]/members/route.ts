import { NextResponse } from "next/server";
import { z } from "zod";
import { listOrganizationMembers } from "@/lib/domain/groups/list-filter-options";
import { listMembersWithTeams } from "@/lib/domain/organizations/list-members";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const membersQuery = z.object({ view: z.enum(["assignees", "settings"]).default("assignees") });

/**
 * GET /api/v1/organizations/{orgSlug}/members — members and teams, the possible assignees;
 * `?view=settings`: every member with role, teams and the date they joined (the members page).
 */
export const GET = organizationRoute(
  async ({ db, access, query }) =>
    NextResponse.json(
      query.view === "settings" ? { members: await listMembersWithTeams(db, access.organization.id) } : await listOrganizationMembers(db, access.organization.id),
    ),
  { scope: "issues:read", query: membersQuery },
);
