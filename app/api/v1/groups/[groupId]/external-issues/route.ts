import { NextResponse } from "next/server";
import { z } from "zod";
import { badRequest } from "@/lib/http/errors";
import { groupRoute } from "@/lib/http/route";
import { createJiraIssueForGroup } from "@/lib/integrations/jira/create-issue";
import { issueKeyInputSchema, linkJiraIssueToGroup } from "@/lib/integrations/jira/link-issue";

export const dynamic = "force-dynamic";

const externalIssueBodySchema = z.discriminatedUnion("action", [
  z.object({ integrationId: z.string().min(1), action: z.literal("create"), fields: z.record(z.string(), z.unknown()), idempotencyKey: z.string().optional() }),
  z.object({ integrationId: z.string().min(1), action: z.literal("link"), externalIssue: issueKeyInputSchema, comment: z.boolean().optional() }),
]);

/** POST /api/v1/groups/{groupId}/external-issues — create a Jira issue or link an existing one. */
export const POST = groupRoute(
  async ({ db, request, params, access, body }) => {
    const common = { organizationId: access.organization.id, groupId: params.groupId, integrationId: body.integrationId, userId: access.userId };
    if (body.action === "link") {
      return NextResponse.json(await linkJiraIssueToGroup(db, { ...common, externalIssue: body.externalIssue, comment: body.comment }), { status: 201 });
    }
    const header = request.headers.get("idempotency-key") ?? undefined;
    if (header !== undefined && body.idempotencyKey !== undefined && header !== body.idempotencyKey) {
      throw badRequest("The Idempotency-Key header and the body's idempotencyKey differ", { fields: { idempotencyKey: ["Differs from the Idempotency-Key header"] } });
    }
    const created = await createJiraIssueForGroup(db, { ...common, fields: body.fields, idempotencyKey: header ?? body.idempotencyKey });
    return NextResponse.json(created.linked, { status: 201, headers: created.replayed ? { "Idempotent-Replayed": "true" } : undefined });
  },
  { scope: "issues:write", body: externalIssueBodySchema, bodyLimit: 256 * 1024 },
);
