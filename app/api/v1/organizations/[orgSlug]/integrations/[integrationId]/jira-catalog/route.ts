import { NextResponse } from "next/server";
import { notFound } from "@/lib/errors";
import { organizationRoute } from "@/lib/http/route";
import { integrationCapability } from "@/lib/integrations/providers";

export const dynamic = "force-dynamic";

/** GET …/integrations/{integrationId}/jira-catalog — what the settings form offers from the remote side (Jira: the site's projects and statuses). */
export const GET = organizationRoute<{ orgSlug: string; integrationId: string }>(
  async ({ db, params, access }) => {
    const scope = { organizationId: access.organization.id, integrationId: params.integrationId };
    const { catalog } = await integrationCapability(db, scope, "settings");
    if (!catalog) throw notFound("This integration has no catalog");
    return NextResponse.json(await catalog(db, scope));
  },
  { scope: "org:admin" },
);
