import { NextResponse } from "next/server";
import { z } from "zod";
import { parseWith } from "@/lib/errors";
import { organizationRoute } from "@/lib/http/route";
import { integrationCapability } from "@/lib/integrations/providers";

export const dynamic = "force-dynamic";

type IntegrationParams = { orgSlug: string; integrationId: string };

/** GET /api/v1/organizations/{orgSlug}/integrations/{integrationId}: the organization's settings for it, as its provider defines them. */
export const GET = organizationRoute<IntegrationParams>(
  async ({ db, params, access }) => {
    const scope = { organizationId: access.organization.id, integrationId: params.integrationId };
    return NextResponse.json(await (await integrationCapability(db, scope, "settings")).read(db, scope));
  },
  { scope: "issues:read" },
);

// Any JSON object here; the provider's own schema checks it once the integration's provider is known.
const settingsUpdateBodySchema = z.record(z.string(), z.unknown());

/** PUT /api/v1/organizations/{orgSlug}/integrations/{integrationId} (org:admin) */
export const PUT = organizationRoute<IntegrationParams, typeof settingsUpdateBodySchema>(
  async ({ db, params, access, body }) => {
    const scope = { organizationId: access.organization.id, integrationId: params.integrationId };
    const settings = await integrationCapability(db, scope, "settings");
    await settings.update(db, { ...scope, update: parseWith(settings.updateSchema, body) });
    return NextResponse.json(await settings.read(db, scope));
  },
  { scope: "org:admin", body: settingsUpdateBodySchema, bodyLimit: 128 * 1024 },
);
