import { NextResponse } from "next/server";
import { z } from "zod";
import { groupRoute } from "@/lib/http/route";
import { integrationCapability } from "@/lib/integrations/providers";

export const dynamic = "force-dynamic";

const searchQuerySchema = z.object({
  integration: z.string().min(1),
  field: z.string().min(1).max(100),
  kind: z.enum(["user", "issue"]).default("user"),
  query: z.string().max(200).default(""),
  project: z.string().optional(),
});

/** GET …/external-issues/search — choices for the form's async selects (users, parent issues). */
export const GET = groupRoute(
  async ({ db, params, access, query }) => {
    const issueLinks = await integrationCapability(db, { organizationId: access.organization.id, integrationId: query.integration }, "issueLinks");
    const choices = await issueLinks.searchFieldOptions(db, { organizationId: access.organization.id, groupId: params.groupId, integrationId: query.integration, kind: query.kind, query: query.query });
    return NextResponse.json({ choices });
  },
  { scope: "issues:write", query: searchQuerySchema },
);
