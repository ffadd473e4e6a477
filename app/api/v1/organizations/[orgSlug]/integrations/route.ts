import { NextResponse } from "next/server";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/organizations/{orgSlug}/integrations */
export const GET = organizationRoute(
  async ({ db, access }) => NextResponse.json({ integrations: await listOrganizationIntegrations(db, access.organization.id) }),
  { scope: "issues:read" },
);
