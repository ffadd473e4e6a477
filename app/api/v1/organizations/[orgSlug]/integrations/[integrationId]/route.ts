import { NextResponse } from "next/server";
import { organizationRoute } from "@/lib/http/route";
import { getJiraOrganizationSettings, jiraConfigUpdateSchema, updateJiraOrganizationConfig } from "@/lib/integrations/jira/edit-organization-config";

export const dynamic = "force-dynamic";

type IntegrationParams = { orgSlug: string; integrationId: string };

/** GET /api/v1/organizations/{orgSlug}/integrations/{integrationId} */
export const GET = organizationRoute<IntegrationParams>(
  async ({ db, params, access }) =>
    NextResponse.json(await getJiraOrganizationSettings(db, { organizationId: access.organization.id, integrationId: params.integrationId })),
  { scope: "issues:read" },
);

/** PUT /api/v1/organizations/{orgSlug}/integrations/{integrationId} (org:admin) */
export const PUT = organizationRoute<IntegrationParams, typeof jiraConfigUpdateSchema>(
  async ({ db, params, access, body }) => {
    await updateJiraOrganizationConfig(db, { organizationId: access.organization.id, integrationId: params.integrationId, update: body });
    return NextResponse.json(await getJiraOrganizationSettings(db, { organizationId: access.organization.id, integrationId: params.integrationId }));
  },
  { scope: "org:admin", body: jiraConfigUpdateSchema, bodyLimit: 128 * 1024 },
);
