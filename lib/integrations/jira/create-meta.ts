import { z } from "zod";
import type { JiraRestClient } from "./signed-rest-client";

export const createMetaFieldSchema = z
  .object({
    required: z.boolean().default(false),
    name: z.string(),
    key: z.string().optional(),
    schema: z
      .object({ type: z.string(), items: z.string().optional(), system: z.string().optional(), custom: z.string().optional() })
      .passthrough()
      .default({ type: "string" }),
    allowedValues: z.array(z.record(z.string(), z.unknown())).optional(),
    autoCompleteUrl: z.string().optional(),
    hasDefaultValue: z.boolean().optional(),
    defaultValue: z.unknown().optional(),
  })
  .passthrough();
export type CreateMetaField = z.infer<typeof createMetaFieldSchema>;

const issueTypeSchema = z
  .object({ id: z.string(), name: z.string(), subtask: z.boolean().optional(), fields: z.record(z.string(), createMetaFieldSchema).default({}) })
  .passthrough();
export type CreateMetaIssueType = z.infer<typeof issueTypeSchema>;

const createMetaSchema = z
  .object({
    projects: z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), issuetypes: z.array(issueTypeSchema) }).passthrough()),
  })
  .passthrough();
export type CreateMetaProject = z.infer<typeof createMetaSchema>["projects"][number];

/** The create screen of one Jira project: its issue types with their fields. */
export async function fetchCreateMeta(client: JiraRestClient, projectId: string): Promise<CreateMetaProject | null> {
  const meta = await client.request(
    { method: "GET", path: "/rest/api/2/issue/createmeta", query: { projectIds: projectId, expand: "projects.issuetypes.fields" } },
    createMetaSchema,
  );
  return meta.projects[0] ?? null;
}

export async function listPriorities(client: JiraRestClient): Promise<{ id: string; name: string }[]> {
  return client.request({ method: "GET", path: "/rest/api/2/priority" }, z.array(z.object({ id: z.string(), name: z.string() }).passthrough()));
}

export async function searchUsers(client: JiraRestClient, query: string): Promise<{ accountId: string; displayName?: string }[]> {
  return client.request(
    { method: "GET", path: "/rest/api/2/user/search", query: { query, maxResults: 20 } },
    z.array(z.object({ accountId: z.string(), displayName: z.string().optional() }).passthrough()),
  );
}

export async function searchIssues(client: JiraRestClient, query: string): Promise<{ key: string; summary: string }[]> {
  const result = await client.request(
    { method: "GET", path: "/rest/api/2/issue/picker", query: { query, currentJQL: "" } },
    z
      .object({
        sections: z.array(z.object({ issues: z.array(z.object({ key: z.string(), summaryText: z.string().optional() }).passthrough()) }).passthrough()),
      })
      .passthrough(),
  );
  const seen = new Set<string>();
  const out: { key: string; summary: string }[] = [];
  for (const issue of result.sections.flatMap((s) => s.issues)) {
    if (seen.has(issue.key)) continue;
    seen.add(issue.key);
    out.push({ key: issue.key, summary: issue.summaryText ?? "" });
  }
  return out;
}
