import { NextResponse } from "next/server";
import { z } from "zod";
import { badRequest } from "@/lib/http/errors";
import { groupRoute } from "@/lib/http/route";
import { issueReferenceSchema } from "@/lib/integrations/provider-capabilities";
import { integrationCapability } from "@/lib/integrations/providers";

export const dynamic = "force-dynamic";

const externalIssueBodySchema = z.discriminatedUnion("action", [
  z.object({ integrationId: z.string().min(1), action: z.literal("create"), fields: z.record(z.string(), z.unknown()), idempotencyKey: z.string().optional() }),
  // The issue reference is checked by the provider's link (its format is the provider's).
  z.object({ integrationId: z.string().min(1), action: z.literal("link"), externalIssue: issueReferenceSchema, comment: z.boolean().optional() }),
]);

/** POST /api/v1/groups/{groupId}/external-issues — create an issue in the integration's tracker or link an existing one. */
export const POST = groupRoute(
  async ({ db, request, params, access, body }) => {
    const common = { organizationId: access.organization.id, groupId: params.groupId, integrationId: body.integrationId, userId: access.userId };
    const issueLinks = await integrationCapability(db, common, "issueLinks");
    if (body.action === "link") {
      return NextResponse.json(await issueLinks.link(db, { ...common, externalIssue: body.externalIssue, comment: body.comment }), { status: 201 });
    }
    const header = request.headers.get("idempotency-key") ?? undefined;
    if (header !== undefined && body.idempotencyKey !== undefined && header !== body.idempotencyKey) {
      throw badRequest("The Idempotency-Key header and the body's idempotencyKey differ", { fields: { idempotencyKey: ["Differs from the Idempotency-Key header"] } });
    }
    const created = await issueLinks.create(db, { ...common, fields: body.fields, idempotencyKey: header ?? body.idempotencyKey });
    return NextResponse.json(created.linked, { status: 201, headers: created.replayed ? { "Idempotent-Replayed": "true" } : undefined });
  },
  { scope: "issues:write", body: externalIssueBodySchema, bodyLimit: 256 * 1024 },
);
