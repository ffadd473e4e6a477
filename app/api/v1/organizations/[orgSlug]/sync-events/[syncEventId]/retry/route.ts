import { NextResponse } from "next/server";
import { retryFailedSync } from "@/lib/domain/sync-history/retry-failed-sync";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/v1/organizations/{orgSlug}/sync-events/{syncEventId}/retry: queue a failed outbound sync again. */
export const POST = organizationRoute<{ orgSlug: string; syncEventId: string }>(
  async ({ params, db, access }) => {
    const result = await retryFailedSync(db, params.syncEventId, { organizationId: access.organization.id });
    return NextResponse.json(result, { status: 202 });
  },
  { scope: "issues:write" },
);
