import { NextResponse } from "next/server";
import { listSyncEvents } from "@/lib/domain/sync-history/list-sync-events";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/organizations/{orgSlug}/sync-events?provider=&kind=&direction=&outcome=&group=&from=&to=&cursor=&limit=
 * — the organization's sync history, newest first; `group` is a group's id or short id, `from`/`to`
 * a day or an ISO time. Bad values answer 400 naming the field (lib/domain/sync-history/sync-event-filters.ts).
 */
export const GET = organizationRoute(
  async ({ request, db, access }) =>
    NextResponse.json(await listSyncEvents(db, { organizationId: access.organization.id }, Object.fromEntries(new URL(request.url).searchParams))),
  { scope: "issues:read" },
);
