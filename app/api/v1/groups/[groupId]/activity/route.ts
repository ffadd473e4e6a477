import { NextResponse } from "next/server";
import { listSyncEvents, syncEventPageSchema } from "@/lib/domain/sync-history/list-sync-events";
import { parseWith } from "@/lib/input/request-body";
import { groupRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/groups/{groupId}/activity: the group's timeline (activity, history) and its sync history, newest first. */
export const GET = groupRoute(
  async ({ request, db, access }) => {
    const { group } = access;
    const query = new URL(request.url).searchParams;
    const page = parseWith(syncEventPageSchema, { limit: query.get("limit") ?? undefined, cursor: query.get("cursor") ?? undefined });
    const [activity, history, syncEvents] = await Promise.all([
      db.activity.findMany({
        where: { groupId: group.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 100,
        select: { id: true, type: true, data: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      }),
      db.groupHistory.findMany({
        where: { groupId: group.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 100,
        select: { id: true, status: true, actorUserId: true, releaseId: true, previousId: true, source: true, createdAt: true },
      }),
      listSyncEvents(db, { organizationId: access.organization.id, groupId: group.id }, page),
    ]);
    return NextResponse.json({ activity, history, syncEvents });
  },
  { scope: "issues:read" },
);
