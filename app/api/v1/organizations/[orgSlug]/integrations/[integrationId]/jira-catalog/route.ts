import { NextResponse } from "next/server";
import { organizationRoute } from "@/lib/http/route";
import { listJiraSiteStatusesAndProjects } from "@/lib/integrations/jira/site-catalog";

export const dynamic = "force-dynamic";

/** GET …/integrations/{integrationId}/jira-catalog — the site's projects and statuses, for the status mapping. */
export const GET = organizationRoute<{ orgSlug: string; integrationId: string }>(
  async ({ db, params, access }) =>
    NextResponse.json(await listJiraSiteStatusesAndProjects(db, { organizationId: access.organization.id, integrationId: params.integrationId })),
  { scope: "org:admin" },
);
