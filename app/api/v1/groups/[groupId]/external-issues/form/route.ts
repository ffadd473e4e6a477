import { NextResponse } from "next/server";
import { z } from "zod";
import { groupRoute } from "@/lib/http/route";
import { integrationCapability } from "@/lib/integrations/providers";

export const dynamic = "force-dynamic";

const formQuerySchema = z.object({
  integration: z.string().min(1, "integration is required"),
  project: z.string().optional(),
  issuetype: z.string().optional(),
});

/** GET /api/v1/groups/{groupId}/external-issues/form?integration=ID[&project=&issuetype=] */
export const GET = groupRoute(
  async ({ db, params, access, query }) => {
    const issueLinks = await integrationCapability(db, { organizationId: access.organization.id, integrationId: query.integration }, "issueLinks");
    const form = await issueLinks.createForm(db, {
      organizationId: access.organization.id,
      groupId: params.groupId,
      integrationId: query.integration,
      userId: access.userId,
      project: query.project,
      issuetype: query.issuetype,
    });
    return NextResponse.json(form);
  },
  { scope: "issues:write", query: formQuerySchema },
);
