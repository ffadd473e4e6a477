import { NextResponse } from "next/server";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";
import { listJiraSiteStatusesAndProjects } from "@/lib/integrations/jira/site-catalog";
import { getJiraOrganizationSettings, jiraConfigUpdateSchema, updateJiraOrganizationConfig } from "@/lib/integrations/jira/edit-organization-config";

type OrgParams = { orgSlug: string };
type IntegrationParams = OrgParams & { integrationId: string };

/** GET /api/v1/organizations/{orgSlug}/integrations */
export const listIntegrationsHandler = authenticatedRoute<OrgParams>(async ({ db, params, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:read");
  return NextResponse.json({ integrations: await listOrganizationIntegrations(db, access.organization.id) });
});

/** GET /api/v1/organizations/{orgSlug}/integrations/{integrationId} */
export const getIntegrationSettingsHandler = authenticatedRoute<IntegrationParams>(async ({ db, params, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:read");
  return NextResponse.json(await getJiraOrganizationSettings(db, { organizationId: access.organization.id, integrationId: params.integrationId }));
});

/** PUT /api/v1/organizations/{orgSlug}/integrations/{integrationId} (org:admin) */
export const updateIntegrationSettingsHandler = authenticatedRoute<IntegrationParams>(async ({ db, request, params, principal }) => {
  const update = await readJsonBody(request, jiraConfigUpdateSchema, 128 * 1024);
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "org:admin");
  await updateJiraOrganizationConfig(db, { organizationId: access.organization.id, integrationId: params.integrationId, update });
  return NextResponse.json(await getJiraOrganizationSettings(db, { organizationId: access.organization.id, integrationId: params.integrationId }));
});

/** GET …/integrations/{integrationId}/jira-catalog — the site's projects and statuses, for the status mapping. */
export const getJiraCatalogHandler = authenticatedRoute<IntegrationParams>(async ({ db, params, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "org:admin");
  return NextResponse.json(await listJiraSiteStatusesAndProjects(db, { organizationId: access.organization.id, integrationId: params.integrationId }));
});
