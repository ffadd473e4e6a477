import { NextResponse } from "next/server";
import { requireGroupAccess, requireOrganizationAccess } from "@/lib/auth/access";
import { listSyncEvents, syncEventPageSchema } from "@/lib/domain/sync-history/list-sync-events";
import { retryFailedSync } from "@/lib/domain/sync-history/retry-failed-sync";
import { parseWith } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";

/** GET /api/v1/groups/{groupId}/activity: the group's timeline (activity, history) and its sync history, newest first. */
export const groupActivityHandler = authenticatedRoute<{ groupId: string }>(async ({ request, params, db, principal }) => {
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:read");
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
});

/** POST /api/v1/organizations/{orgSlug}/sync-events/{syncEventId}/retry: queue a failed outbound sync again. */
export const retrySyncEventHandler = authenticatedRoute<{ orgSlug: string; syncEventId: string }>(async ({ params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:write");
  const result = await retryFailedSync(db, params.syncEventId, { organizationId: access.organization.id });
  return NextResponse.json(result, { status: 202 });
});

/** GET /api/v1/organizations/{orgSlug}/sync-events?outcome=&direction=&provider=&cursor=&limit= — the organization's sync history. */
export const organizationSyncEventsHandler = authenticatedRoute<{ orgSlug: string }>(async ({ request, params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:read");
  const page = parseWith(syncEventPageSchema, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listSyncEvents(db, { organizationId: access.organization.id }, page));
});
