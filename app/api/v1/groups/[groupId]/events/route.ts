import { NextResponse } from "next/server";
import { requireGroupAccess } from "@/lib/auth/access";
import { groupEventsQuerySchema, listGroupEvents } from "@/lib/domain/groups/list-group-events";
import { parseWith } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/groups/{groupId}/events?cursor=&limit= — newest first. */
export const GET = authenticatedRoute<{ groupId: string }>(async ({ request, params, db, principal }) => {
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:read");
  const query = parseWith(groupEventsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "Invalid events query");
  return NextResponse.json(await listGroupEvents(db, access.group.id, query));
});
