import { NextResponse } from "next/server";
import { z } from "zod";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { readSiteLinkToken } from "@/lib/integrations/jira/site-link-token";

const bodySchema = z.object({ token: z.string().min(1).max(4000), organization: z.string().min(1).max(100) });

/** POST /api/jira/link — an admin links the Jira site from the configure page to one of their organizations. */
export const linkJiraSiteHandler = authenticatedRoute(async ({ db, request, principal }) => {
  const body = await readJsonBody(request, bodySchema, 16 * 1024);
  const access = await requireOrganizationAccess(db, principal, { slug: body.organization }, "org:admin");
  const clientKey = await readSiteLinkToken(body.token);
  const link = await linkJiraSiteToOrganization(db, { clientKey, organizationId: access.organization.id });
  return NextResponse.json(
    { integrationId: link.integrationId, organization: access.organization.slug, settingsUrl: `/o/${access.organization.slug}/settings/integrations/${link.integrationId}` },
    { status: 201 },
  );
});
