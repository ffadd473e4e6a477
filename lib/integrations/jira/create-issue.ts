import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ApiError, badRequest } from "@/lib/http/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatShortId } from "@/lib/domain/groups/short-id";
import { createIssue, getIssue, listProjects } from "./api";
import { fetchCreateMeta, listPriorities, type CreateMetaProject } from "./create-meta";
import { dynamicFormFields, jiraFieldsFromForm, type IssueFormField } from "./create-form";
import { groupUrl, loadJiraGroupContext, type JiraGroupContext } from "./group-context";
import { jiraClientFor } from "./installation";
import { recordIssueLink, type LinkedExternalIssue } from "./link-issue";
import { JiraApiError } from "./rest-client";

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
    if (error.status === 401) throw new ApiError(400, "jira_unauthorized", "Jira returned: Unauthorized. Re-install the Tether app on this Jira site.");
    const fields = error.fieldErrors();
    if (Object.keys(fields).some((key) => key !== "non_field_errors")) {
      throw new ApiError(400, "validation_failed", "Jira refused the issue: check the highlighted fields", { fields });
    }
    throw new ApiError(400, "jira_error", `${fallback} ${error.message}`.trim());
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

/** §6.2: creates the Jira issue, links it to the group, remembers the choices, records the activity. */
export async function createJiraIssueForGroup(
  db: Db,
  input: { organizationId: string; groupId: string; integrationId: string; userId: string | null; fields: Record<string, unknown> },
): Promise<LinkedExternalIssue> {
  const ctx = await loadJiraGroupContext(db, input);
  const submitted = createIssueFieldsSchema.parse(input.fields);
  if (!submitted.issuetype) throw new ApiError(400, "validation_failed", "Issue type is required.", { fields: { issuetype: ["Issue type is required."] } });
  if (!submitted.project) throw new ApiError(400, "validation_failed", "Jira project is required", { fields: { project: ["Jira project is required"] } });
  const title = submitted.title || ctx.group.title;
  const client = jiraClientFor(ctx.installation, { timeoutMs: 15_000 });
  let meta: CreateMetaProject | null;
  try {
    meta = await fetchCreateMeta(client, submitted.project);
  } catch (error) {
    jiraFailure(error, "Could not fetch issue create configuration from Jira.");
  }
  const issueType = meta?.issuetypes.find((t) => t.id === submitted.issuetype);
  if (!meta || !issueType) throw badRequest("Could not fetch issue create configuration from Jira.");
  const { fields, errors } = jiraFieldsFromForm(issueType, {
    projectId: meta.id,
    title,
    description: submitted.description ?? (await defaultDescription(db, ctx)),
    values: input.fields,
  });
  if (Object.keys(errors).length > 0) throw new ApiError(400, "validation_failed", "Some fields need attention", { fields: errors });

  let created: { key: string };
  try {
    created = await createIssue(client, fields);
  } catch (error) {
    if (error instanceof Error && !(error instanceof JiraApiError)) throw badRequest(error.message);
    jiraFailure(error, "There was an error creating the issue.");
  }
  const issue = await getIssue(client, created.key).catch(() => null);
  const description = typeof issue?.fields.description === "string" ? issue.fields.description : (fields.description as string | undefined) ?? null;
  const linked = await recordIssueLink(db, ctx, {
    key: created.key,
    title: issue?.fields.summary ?? title,
    description,
    isNew: true,
    userId: input.userId,
  });
  await rememberIssueDefaults(db, ctx, input.userId, submitted, input.fields);
  return linked;
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
  const link = await db.organizationIntegration.findUniqueOrThrow({ where: { id: ctx.organizationIntegrationId } });
  const config = { ...(link.config as Prisma.JsonObject) };
  const all = { ...((config.project_issue_defaults as Prisma.JsonObject | undefined) ?? {}), [ctx.group.projectId]: defaults };
  await db.organizationIntegration.update({ where: { id: link.id }, data: { config: { ...config, project_issue_defaults: all } as Prisma.InputJsonObject } });
  if (userId && typeof values.reporter === "string" && values.reporter) {
    await db.userOption.upsert({
      where: { userId_projectId_key: { userId, projectId: ctx.group.projectId, key: "issue:defaults" } },
      create: { userId, projectId: ctx.group.projectId, key: "issue:defaults", value: { jira: { reporter: values.reporter } } },
      update: { value: { jira: { reporter: values.reporter } } },
    });
  }
}

