import { NextResponse } from "next/server";
import { getSyncEvent } from "@/lib/domain/sync-history/get-sync-event";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/sync-events/{syncEventId}: one row in full, its payload without secrets. */
export const GET = organizationRoute<{ orgSlug: string; syncEventId: string }>(
  async ({ params, db, access }) => NextResponse.json(await getSyncEvent(db, access.organization.id, params.syncEventId)),
  { scope: "issues:read" },
);
