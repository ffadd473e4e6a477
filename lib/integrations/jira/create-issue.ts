import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError, badRequest } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatShortId } from "@/lib/domain/groups/short-id";
import { logger } from "@/lib/logger";
import { createIssue, getIssue, listProjects } from "./rest-resources";
import { fetchCreateMeta, listPriorities, type CreateMetaProject } from "./create-meta";
import { dynamicFormFields, jiraFieldsFromForm, type IssueFormField } from "./create-form";
import { groupUrl, loadJiraGroupContext, type JiraGroupContext } from "./group-context";
import { jiraClientFor, jiraIssueUrl } from "./installed-site";
import {
  claimIssueCreation,
  completeIssueCreation,
  createRequestHash,
  creationKey,
  idempotencyKeySchema,
  recordRemoteIssueKey,
  releaseIssueCreation,
} from "./issue-creation";
import { lockJiraOrganizationIntegration } from "./lock-org-integration";
import { recordIssueLink, type LinkedExternalIssue } from "./link-issue";
import { JiraApiError } from "./signed-rest-client";
import { storableText, unstorableFieldErrors } from "./storable-text";

function groupLabel(ctx: JiraGroupContext): string {
  return formatShortId(ctx.group.project.slug, ctx.group.shortId);
}

/** The default description: a link back to the group and the latest event, in Jira wiki markup. */
async function defaultDescription(db: Db, ctx: JiraGroupContext): Promise<string> {
  const event = await db.event.findFirst({ where: { groupId: ctx.group.id }, orderBy: { timestamp: "desc" } });
  const lines = [`Tether Group: [${groupLabel(ctx)}|${groupUrl(ctx)}?referrer=jira_integration]`, ""];
  const body: string[] = [];
  if (event?.exceptionType) body.push(`${event.exceptionType}: ${event.exceptionValue ?? ""}`.trim());
  else if (event?.message) body.push(event.message);
  else body.push(ctx.group.title);
  const frames = Array.isArray(event?.frames) ? (event.frames as { filename?: string; function?: string; lineno?: number }[]) : [];
  for (const frame of frames.slice(-10).reverse()) {
    body.push(`  at ${frame.function ?? "?"} (${frame.filename ?? "?"}${frame.lineno ? `:${frame.lineno}` : ""})`);
  }
  if (ctx.group.culprit) body.push(`culprit: ${ctx.group.culprit}`);
  return [...lines, "{code}", ...body, "{code}"].join("\n");
}

function projectDefaults(ctx: JiraGroupContext): Record<string, unknown> {
  return ctx.config.project_issue_defaults[ctx.group.projectId] ?? {};
}

function jiraFailure(error: unknown, fallback: string): never {
  if (error instanceof JiraApiError) {
    if (error.status === 401) throw new AppError(400, "jira_unauthorized", "Jira returned: Unauthorized. Re-install the Tether app on this Jira site.");
    const fields = error.fieldErrors();
    if (Object.keys(fields).some((key) => key !== "non_field_errors")) {
      throw new AppError(400, "validation_failed", "Jira refused the issue: check the highlighted fields", { fields });
    }
    throw new AppError(400, "jira_error", `${fallback} ${error.message}`.trim());
  }
  throw error;
}

/** §6.1: the create form for a group, for the chosen (or remembered, or first usable) Jira project and issue type. */
export async function getCreateIssueForm(
  db: Db,
  input: { organizationId: string; groupId: string; integrationId: string; userId: string | null; project?: string; issuetype?: string },
): Promise<{ fields: IssueFormField[] }> {
  const ctx = await loadJiraGroupContext(db, input);
  const client = jiraClientFor(ctx.installation, { timeoutMs: 10_000 });
  let projects;
  try {
    projects = await listProjects(client);
  } catch (error) {
    jiraFailure(error, "Could not fetch project list from Jira.");
  }
  if (projects.length === 0) throw badRequest("Could not fetch project list from Jira: the app sees no project on this site.");
  const defaults = projectDefaults(ctx);
  const wanted = [input.project, typeof defaults.project === "string" ? defaults.project : undefined].filter((p): p is string => !!p);
  let meta: CreateMetaProject | null = null;
  for (const candidate of [...wanted, ...projects.map((p) => p.id)]) {
    if (!projects.some((p) => p.id === candidate)) continue;
    try {
      meta = await fetchCreateMeta(client, candidate);
    } catch (error) {
      if (error instanceof JiraApiError && error.status === 401) jiraFailure(error, "");
      meta = null;
    }
    if (meta && meta.issuetypes.length > 0) break;
  }
  if (!meta) throw badRequest("Could not get issue create metadata for any Jira projects. Check that the Tether app may create issues in at least one project.");

  const types = meta.issuetypes.filter((t) => !t.subtask);
  const requestedType = [input.issuetype, typeof defaults.issuetype === "string" ? defaults.issuetype : undefined].find((id) => id && types.some((t) => t.id === id));
  const issueType = types.find((t) => t.id === requestedType) ?? types[0];
  const searchUrl = `/api/v1/groups/${ctx.group.id}/external-issues/search?integration=${ctx.installation.integration.id}&project=${meta.id}`;
  const dynamic = issueType ? dynamicFormFields(issueType, { ignoredFields: ctx.config.issues_ignored_fields, searchUrl }) : [];
  const priority = dynamic.find((f) => f.name === "priority");
  if (priority && (!priority.choices || priority.choices.length === 0)) {
    priority.choices = (await listPriorities(client).catch(() => [])).map((p) => [p.id, p.name] as [string, string]);
  }
  for (const field of dynamic) {
    if (field.name === "priority" && typeof defaults.priority === "string") field.default = defaults.priority;
    if (field.name === "labels" && defaults.labels) field.default = defaults.labels;
  }
  if (input.userId) {
    const option = await db.userOption.findUnique({
      where: { userId_projectId_key: { userId: input.userId, projectId: ctx.group.projectId, key: "issue:defaults" } },
    });
    const reporter = (option?.value as { jira?: { reporter?: string } } | undefined)?.jira?.reporter;
    const reporterField = dynamic.find((f) => f.name === "reporter");
    if (reporter && reporterField) reporterField.default = reporter;
  }
  return {
    fields: [
      {
        name: "project",
        label: "Jira Project",
        type: "select",
        required: true,
        updatesForm: true,
        choices: projects.map((p) => [p.id, `${p.key} - ${p.name}`]),
        default: meta.id,
      },
      { name: "title", label: "Title", type: "text", required: true, default: ctx.group.title },
      { name: "description", label: "Description", type: "textarea", required: false, default: await defaultDescription(db, ctx) },
      {
        name: "issuetype",
        label: "Issue Type",
        type: "select",
        required: types.length > 0,
        updatesForm: true,
        choices: types.map((t) => [t.id, t.name]),
        default: issueType?.id,
      },
      ...dynamic,
    ],
  };
}

export const createIssueFieldsSchema = z
  .object({
    project: z.string().trim().optional(),
    issuetype: z.string().trim().optional(),
    title: z.string().trim().max(255).optional(),
    description: z.string().max(30_000).optional(),
  })
  .catchall(z.unknown());

/** The outcome of a create: the link, and whether it is the answer to an earlier identical request. */
export interface CreatedJiraIssue {
  linked: LinkedExternalIssue;
  replayed: boolean;
}

/**
 * §6.2: creates the Jira issue, links it to the group, remembers the choices, records the activity.
 * Idempotent (issue 9, defect 8): everything is checked before Jira is asked, the request is
 * written down first, and the same request again (same `idempotencyKey`, or without one the same
 * form shortly after) answers the first issue, or links it if only Tether's write had failed.
 */
export async function createJiraIssueForGroup(
  db: Db,
  input: { organizationId: string; groupId: string; integrationId: string; userId: string | null; fields: Record<string, unknown>; idempotencyKey?: string },
): Promise<CreatedJiraIssue> {
  const ctx = await loadJiraGroupContext(db, input);
  const submitted = createIssueFieldsSchema.parse(input.fields);
  if (!submitted.issuetype) throw new AppError(400, "validation_failed", "Issue type is required.", { fields: { issuetype: ["Issue type is required."] } });
  if (!submitted.project) throw new AppError(400, "validation_failed", "Jira project is required", { fields: { project: ["Jira project is required"] } });
  const unstorable = unstorableFieldErrors(input.fields);
  if (Object.keys(unstorable).length > 0) throw new AppError(400, "validation_failed", "Some fields contain characters Tether cannot store", { fields: unstorable });
  const clientKey = input.idempotencyKey === undefined ? undefined : idempotencyKeySchema.safeParse(input.idempotencyKey);
  if (clientKey && !clientKey.success) throw new AppError(400, "validation_failed", clientKey.error.issues[0].message, { fields: { idempotencyKey: [clientKey.error.issues[0].message] } });

  const title = submitted.title || ctx.group.title;
  const description = submitted.description ?? (await defaultDescription(db, ctx));
  const requestHash = createRequestHash({ organizationId: ctx.organization.id, groupId: ctx.group.id, integrationId: ctx.installation.integration.id, values: input.fields });
  const { key: idempotencyKey, derived } = creationKey(clientKey?.data, requestHash);
  const claim = await claimIssueCreation(db, {
    organizationId: ctx.organization.id,
    groupId: ctx.group.id,
    integrationId: ctx.installation.integration.id,
    key: idempotencyKey,
    derived,
    requestHash,
    request: { values: input.fields, title, description },
  });
  if (claim.kind === "replay") return { linked: claim.response, replayed: true };

  const client = jiraClientFor(ctx.installation, { timeoutMs: 15_000 });
  let remoteKey: string;
  if (claim.kind === "remote_created") {
    remoteKey = claim.externalKey;
  } else {
    try {
      remoteKey = await createInJira(client, { submitted, title, description, values: input.fields });
    } catch (error) {
      // Refused or unreachable: nothing was recorded as created, so a retry may ask Jira again.
      await releaseIssueCreation(db, claim.id, { failed: true, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    try {
      await recordRemoteIssueKey(db, claim.id, remoteKey);
    } catch (error) {
      throw createdButNotLinked(error, ctx, remoteKey, idempotencyKey, claim.id);
    }
  }

  const issue = await getIssue(client, remoteKey).catch(() => null);
  const sentDescription = claim.kind === "remote_created" ? claim.request.description : description;
  const issueDescription = typeof issue?.fields.description === "string" ? issue.fields.description : sentDescription;
  let linked: LinkedExternalIssue;
  try {
    linked = await recordIssueLink(db, ctx, {
      key: remoteKey,
      title: storableText(issue?.fields.summary ?? (claim.kind === "remote_created" ? claim.request.title : title)),
      description: issueDescription === null ? null : storableText(issueDescription),
      isNew: true,
      userId: input.userId,
      alsoInTransaction: (tx, result) => completeIssueCreation(tx, claim.id, result),
    });
  } catch (error) {
    linked = await alreadyLinkedOrRelease(db, ctx, { error, key: remoteKey, creationId: claim.id, idempotencyKey });
  }
  try {
    await rememberIssueDefaults(db, ctx, input.userId, submitted, input.fields);
  } catch (error) {
    // The issue is created and linked; the remembered form defaults are a convenience.
    logger.warn({ err: error, key: remoteKey }, "could not remember the Jira issue defaults");
  }
  return { linked, replayed: false };
}

/** Asks Jira to create the issue; everything that can be checked first has been. */
async function createInJira(
  client: ReturnType<typeof jiraClientFor>,
  input: { submitted: z.infer<typeof createIssueFieldsSchema>; title: string; description: string; values: Record<string, unknown> },
): Promise<string> {
  let meta: CreateMetaProject | null;
  try {
    meta = await fetchCreateMeta(client, input.submitted.project!);
  } catch (error) {
    jiraFailure(error, "Could not fetch issue create configuration from Jira.");
  }
  const issueType = meta?.issuetypes.find((t) => t.id === input.submitted.issuetype);
  if (!meta || !issueType) throw badRequest("Could not fetch issue create configuration from Jira.");
  const { fields, errors } = jiraFieldsFromForm(issueType, { projectId: meta.id, title: input.title, description: input.description, values: input.values });
  if (Object.keys(errors).length > 0) throw new AppError(400, "validation_failed", "Some fields need attention", { fields: errors });
  let created: { key: string };
  try {
    created = await createIssue(client, fields);
  } catch (error) {
    if (error instanceof Error && !(error instanceof JiraApiError)) throw badRequest(error.message);
    jiraFailure(error, "There was an error creating the issue.");
  }
  if (unstorableFieldErrors({ key: created.key }).key) throw badRequest("There was an error creating the issue: Jira answered an unusable issue key.");
  return created.key;
}

/**
 * After Jira created the issue and its link failed: when someone linked this very issue to the
 * group meanwhile the create is done all the same; otherwise the row waits for a retry (a 503).
 */
async function alreadyLinkedOrRelease(
  db: Db,
  ctx: JiraGroupContext,
  failure: { error: unknown; key: string; creationId: string; idempotencyKey: string },
): Promise<LinkedExternalIssue> {
  const { error, key, creationId } = failure;
  try {
    if (error instanceof AppError && error.code === "already_linked") {
      const integrationId = ctx.installation.integration.id;
      const external = await db.externalIssue.findFirst({
        where: { organizationId: ctx.organization.id, integrationId, key, links: { some: { groupId: ctx.group.id } } },
        select: { id: true },
      });
      if (external) {
        const linked = { id: external.id, key, url: jiraIssueUrl(ctx.installation, key), integrationId, displayName: "" };
        await completeIssueCreation(db, creationId, linked);
        return linked;
      }
    }
  } catch (lookupError) {
    logger.warn({ err: lookupError, key }, "could not check whether the created Jira issue is linked already");
  }
  await releaseIssueCreation(db, creationId, { failed: false, error: error instanceof Error ? error.message : String(error) });
  throw createdButNotLinked(error, ctx, key, failure.idempotencyKey, creationId);
}

/**
 * Jira has the issue, Tether could not record it yet: never a 500 (the client would retry into a
 * second issue), but a 503 naming the issue and saying that the same request again links it.
 */
function createdButNotLinked(cause: unknown, ctx: JiraGroupContext, key: string, idempotencyKey: string, creationId: string): AppError {
  logger.error({ err: cause, key, creationId, groupId: ctx.group.id }, "created an issue in Jira but could not link it; a retry of the same request links it");
  return new AppError(
    503,
    "issue_created_not_linked",
    `The issue ${key} was created in Jira, but Tether could not link it yet. Send the same request again to link it.`,
    { key, url: jiraIssueUrl(ctx.installation, key), idempotencyKey },
    { "Retry-After": "1" },
  );
}

async function rememberIssueDefaults(
  db: Db,
  ctx: JiraGroupContext,
  userId: string | null,
  submitted: z.infer<typeof createIssueFieldsSchema>,
  values: Record<string, unknown>,
): Promise<void> {
  const defaults: Record<string, unknown> = { project: submitted.project, issuetype: submitted.issuetype };
  if (typeof values.priority === "string") defaults.priority = values.priority;
  if (values.labels !== undefined) defaults.labels = values.labels;
  // Under the settings' lock, so a settings save at the same moment is not overwritten.
  await db.$transaction(async (tx) => {
    const linkId = await lockJiraOrganizationIntegration(tx, { organizationId: ctx.organization.id, integrationId: ctx.installation.integration.id });
    if (!linkId) return;
    const link = await tx.organizationIntegration.findUniqueOrThrow({ where: { id: linkId } });
    const config = { ...(link.config as Prisma.JsonObject) };
    const all = { ...((config.project_issue_defaults as Prisma.JsonObject | undefined) ?? {}), [ctx.group.projectId]: defaults };
    await tx.organizationIntegration.update({ where: { id: link.id }, data: { config: { ...config, project_issue_defaults: all } as Prisma.InputJsonObject } });
  });
  if (userId && typeof values.reporter === "string" && values.reporter) {
    await db.userOption.upsert({
      where: { userId_projectId_key: { userId, projectId: ctx.group.projectId, key: "issue:defaults" } },
      create: { userId, projectId: ctx.group.projectId, key: "issue:defaults", value: { jira: { reporter: values.reporter } } },
      update: { value: { jira: { reporter: values.reporter } } },
    });
  }
}

