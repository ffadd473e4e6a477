import { NextResponse } from "next/server";
import { getGroupEventStats, groupEventStatsQuerySchema } from "@/lib/domain/groups/group-event-stats";
import { groupRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/groups/{groupId}/stats?period=24h|14d — events per UTC hour or day, empty buckets included. */
export const GET = groupRoute(
  async ({ db, access, query }) => NextResponse.json(await getGroupEventStats(db, { groupId: access.group.id, period: query.period })),
  { scope: "issues:read", query: groupEventStatsQuerySchema },
);
