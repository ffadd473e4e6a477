import { NextResponse } from "next/server";
import { z } from "zod";
import { organizationRoute } from "@/lib/http/route";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { readSiteLinkToken } from "@/lib/integrations/jira/site-link-token";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ token: z.string().min(1).max(4000), organization: z.string().min(1).max(100) });

/** POST /api/jira/link — an admin links the Jira site from the configure page to one of their organizations. */
export const POST = organizationRoute<Record<never, never>, typeof bodySchema>(
  async ({ db, access, body }) => {
    const clientKey = await readSiteLinkToken(body.token);
    const link = await linkJiraSiteToOrganization(db, { clientKey, organizationId: access.organization.id });
    return NextResponse.json(
      { integrationId: link.integrationId, organization: access.organization.slug, settingsUrl: `/o/${access.organization.slug}/settings/integrations/${link.integrationId}` },
      { status: 201 },
    );
  },
  { scope: "org:admin", body: bodySchema, bodyLimit: 16 * 1024, organizationSlug: ({ body }) => body.organization },
);
