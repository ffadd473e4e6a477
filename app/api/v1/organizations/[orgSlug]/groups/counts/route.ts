import { NextResponse } from "next/server";
import { countGroupsByStatus, groupCountsQuerySchema } from "@/lib/domain/groups/list-groups";
import { parseWith } from "@/lib/input/request-body";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/organizations/{orgSlug}/groups/counts?project=&assigned=&level=&linked=&query=
 * → { counts: { unresolved, resolved, ignored, all: { count, capped } } }, each capped at 1,000.
 */
export const GET = organizationRoute(
  async ({ request, db, access }) => {
    const query = parseWith(groupCountsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "Invalid groups counts query");
    return NextResponse.json(await countGroupsByStatus(db, { organizationId: access.organization.id, userId: access.userId }, query));
  },
  { scope: "issues:read" },
);
