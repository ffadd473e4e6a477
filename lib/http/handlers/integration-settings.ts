import { NextResponse } from "next/server";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { parseWith, readJsonBody } from "@/lib/http/body";
import { authenticatedRoute } from "@/lib/http/route";
import { integrationCapability } from "@/lib/integrations/providers";

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
  const scope = { organizationId: access.organization.id, integrationId: params.integrationId };
  return NextResponse.json(await (await integrationCapability(db, scope, "settings")).read(db, scope));
});

/** PUT /api/v1/organizations/{orgSlug}/integrations/{integrationId} (org:admin) */
export const updateIntegrationSettingsHandler = authenticatedRoute<IntegrationParams>(async ({ db, request, params, principal }) => {
  const body = await readJsonBody(request, z.record(z.string(), z.unknown()), 128 * 1024);
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "org:admin");
  const scope = { organizationId: access.organization.id, integrationId: params.integrationId };
  const settings = await integrationCapability(db, scope, "settings");
  await settings.update(db, { ...scope, update: parseWith(settings.updateSchema, body) });
  return NextResponse.json(await settings.read(db, scope));
});

/** GET …/integrations/{integrationId}/jira-catalog — what the settings form offers from the remote side (Jira: the site's projects and statuses). */
export const getIntegrationCatalogHandler = authenticatedRoute<IntegrationParams>(async ({ db, params, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "org:admin");
  const scope = { organizationId: access.organization.id, integrationId: params.integrationId };
  const { catalog } = await integrationCapability(db, scope, "settings");
  if (!catalog) throw notFound("This integration has no catalog");
  return NextResponse.json(await catalog(db, scope));
});
