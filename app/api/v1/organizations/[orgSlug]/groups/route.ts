import { NextResponse } from "next/server";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { listGroups, listGroupsQuerySchema } from "@/lib/domain/groups/list-groups";
import { parseWith } from "@/lib/input/request-body";
import { bulkUpdateGroupsHandler } from "@/lib/http/handlers/update-group";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/groups?status=&project=&assigned=&query=&sort=&page=&limit= */
export const GET = authenticatedRoute<{ orgSlug: string }>(async ({ request, params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:read");
  const query = parseWith(listGroupsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "Invalid groups query");
  return NextResponse.json(await listGroups(db, { organizationId: access.organization.id, userId: access.userId }, query));
});

export const PUT = bulkUpdateGroupsHandler;
