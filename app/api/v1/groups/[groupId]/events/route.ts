import { NextResponse } from "next/server";
import { groupEventsQuerySchema, listGroupEvents } from "@/lib/domain/groups/list-group-events";
import { parseWith } from "@/lib/input/request-body";
import { groupRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/groups/{groupId}/events?cursor=&limit= — newest first. */
export const GET = groupRoute(
  async ({ request, db, access }) => {
    const query = parseWith(groupEventsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "Invalid events query");
    return NextResponse.json(await listGroupEvents(db, access.group.id, query));
  },
  { scope: "issues:read" },
);
