import { NextResponse } from "next/server";
import { listSyncEvents, syncEventPageSchema } from "@/lib/domain/sync-history/list-sync-events";
import { parseWith } from "@/lib/input/request-body";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/sync-events?outcome=&direction=&provider=&cursor=&limit= — the organization's sync history. */
export const GET = organizationRoute(
  async ({ request, db, access }) => {
    const page = parseWith(syncEventPageSchema, Object.fromEntries(new URL(request.url).searchParams));
    return NextResponse.json(await listSyncEvents(db, { organizationId: access.organization.id }, page));
  },
  { scope: "issues:read" },
);
