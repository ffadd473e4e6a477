import { NextResponse } from "next/server";
import { z } from "zod";
import { requireGroupAccess } from "@/lib/auth/access";
import { unlinkExternalIssue } from "@/lib/domain/external-issues/unlink-external-issue";
import { parseWith, readJsonBody } from "@/lib/http/body";
import { badRequest } from "@/lib/http/errors";
import { authenticatedRoute } from "@/lib/http/route";
import { issueReferenceSchema } from "@/lib/integrations/provider-capabilities";
import { integrationCapability } from "@/lib/integrations/providers";

type GroupParams = { groupId: string };

const formQuerySchema = z.object({
  integration: z.string().min(1, "integration is required"),
  project: z.string().optional(),
  issuetype: z.string().optional(),
});

/** GET /api/v1/groups/{groupId}/external-issues/form?integration=ID[&project=&issuetype=] */
export const getExternalIssueFormHandler = authenticatedRoute<GroupParams>(async ({ db, request, params, principal }) => {
  const query = parseWith(formQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:write");
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
});

const externalIssueBodySchema = z.discriminatedUnion("action", [
  z.object({ integrationId: z.string().min(1), action: z.literal("create"), fields: z.record(z.string(), z.unknown()), idempotencyKey: z.string().optional() }),
  // The issue reference is checked by the provider's link (its format is the provider's).
  z.object({ integrationId: z.string().min(1), action: z.literal("link"), externalIssue: issueReferenceSchema, comment: z.boolean().optional() }),
]);

/** POST /api/v1/groups/{groupId}/external-issues — create an issue in the integration's tracker or link an existing one. */
export const createExternalIssueHandler = authenticatedRoute<GroupParams>(async ({ db, request, params, principal }) => {
  const body = await readJsonBody(request, externalIssueBodySchema, 256 * 1024);
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:write");
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
});

/** DELETE /api/v1/groups/{groupId}/external-issues/{externalIssueId} — 204 even when nothing was linked. */
export const deleteExternalIssueHandler = authenticatedRoute<GroupParams & { externalIssueId: string }>(async ({ db, params, principal }) => {
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:write");
  await unlinkExternalIssue(db, { organizationId: access.organization.id, groupId: params.groupId, externalIssueId: params.externalIssueId, userId: access.userId });
  return new NextResponse(null, { status: 204 });
});

const searchQuerySchema = z.object({
  integration: z.string().min(1),
  field: z.string().min(1).max(100),
  kind: z.enum(["user", "issue"]).default("user"),
  query: z.string().max(200).default(""),
  project: z.string().optional(),
});

/** GET …/external-issues/search — choices for the form's async selects (users, parent issues). */
export const searchExternalIssueFieldHandler = authenticatedRoute<GroupParams>(async ({ db, request, params, principal }) => {
  const query = parseWith(searchQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:write");
  const issueLinks = await integrationCapability(db, { organizationId: access.organization.id, integrationId: query.integration }, "issueLinks");
  const choices = await issueLinks.searchFieldOptions(db, { organizationId: access.organization.id, groupId: params.groupId, integrationId: query.integration, kind: query.kind, query: query.query });
  return NextResponse.json({ choices });
});
