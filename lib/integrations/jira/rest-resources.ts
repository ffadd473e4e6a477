import { z } from "zod";
import type { JiraRestClient } from "./signed-rest-client";

// Typed wrappers for the Jira Cloud REST endpoints Tether uses; each response is validated, and
// what Tether does not need is optional (a missing display name must not fail a sync).

const statusCategorySchema = z.object({ key: z.string() }).passthrough();
export const jiraStatusSchema = z
  .object({ id: z.string(), name: z.string().optional(), statusCategory: statusCategorySchema.optional() })
  .passthrough();
export type JiraStatus = z.infer<typeof jiraStatusSchema>;

export const jiraUserSchema = z
  .object({
    accountId: z.string(),
    displayName: z.string().optional(),
    emailAddress: z.string().nullable().optional(),
    active: z.boolean().optional(),
  })
  .passthrough();
export type JiraUser = z.infer<typeof jiraUserSchema>;

export const jiraIssueSchema = z
  .object({
    id: z.string().optional(),
    key: z.string(),
    fields: z
      .object({
        summary: z.string().nullable().optional(),
        description: z.unknown().optional(),
        status: jiraStatusSchema.optional(),
        project: z.object({ id: z.string(), key: z.string().optional(), name: z.string().optional() }).passthrough().optional(),
        assignee: jiraUserSchema.nullable().optional(),
        updated: z.string().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type JiraIssue = z.infer<typeof jiraIssueSchema>;

const transitionSchema = z.object({ id: z.string(), name: z.string().optional(), to: jiraStatusSchema }).passthrough();
export type JiraTransition = z.infer<typeof transitionSchema>;

export const jiraProjectSchema = z
  .object({ id: z.string(), key: z.string(), name: z.string(), avatarUrls: z.record(z.string(), z.string()).optional() })
  .passthrough();
export type JiraProject = z.infer<typeof jiraProjectSchema>;

export async function getServerInfo(client: JiraRestClient) {
  return client.request(
    { method: "GET", path: "/rest/api/2/serverInfo" },
    z.object({ serverTitle: z.string().optional(), baseUrl: z.string().optional() }).passthrough(),
  );
}

export async function listStatuses(client: JiraRestClient): Promise<JiraStatus[]> {
  return client.request({ method: "GET", path: "/rest/api/2/status" }, z.array(jiraStatusSchema));
}

export async function getUserEmail(client: JiraRestClient, accountId: string): Promise<string | null> {
  const result = await client.request(
    { method: "GET", path: "/rest/api/3/user/email", query: { accountId } },
    z.object({ accountId: z.string().optional(), email: z.string().nullable().optional() }).passthrough(),
  );
  return result.email ?? null;
}

export async function searchAssignableUsers(client: JiraRestClient, issueKey: string, query: string): Promise<JiraUser[]> {
  return client.request(
    { method: "GET", path: "/rest/api/2/user/assignable/search", query: { issueKey, query } },
    z.array(jiraUserSchema),
  );
}

export async function setIssueAssignee(client: JiraRestClient, issueKey: string, accountId: string | null): Promise<void> {
  await client.request(
    { method: "PUT", path: `/rest/api/2/issue/${encodeURIComponent(issueKey)}/assignee`, body: { accountId } },
    z.unknown(),
  );
}

export async function getIssue(client: JiraRestClient, issueKey: string): Promise<JiraIssue> {
  return client.request({ method: "GET", path: `/rest/api/2/issue/${encodeURIComponent(issueKey)}` }, jiraIssueSchema);
}

export async function listTransitions(client: JiraRestClient, issueKey: string): Promise<JiraTransition[]> {
  const result = await client.request(
    { method: "GET", path: `/rest/api/2/issue/${encodeURIComponent(issueKey)}/transitions` },
    z.object({ transitions: z.array(transitionSchema) }).passthrough(),
  );
  return result.transitions;
}

export async function transitionIssue(client: JiraRestClient, issueKey: string, transitionId: string): Promise<void> {
  await client.request(
    { method: "POST", path: `/rest/api/2/issue/${encodeURIComponent(issueKey)}/transitions`, body: { transition: { id: transitionId } } },
    z.unknown(),
  );
}

export async function listProjects(client: JiraRestClient): Promise<JiraProject[]> {
  return client.request({ method: "GET", path: "/rest/api/2/project" }, z.array(jiraProjectSchema));
}

export async function addIssueComment(client: JiraRestClient, issueKey: string, body: string): Promise<void> {
  await client.request(
    { method: "POST", path: `/rest/api/2/issue/${encodeURIComponent(issueKey)}/comment`, body: { body } },
    z.unknown(),
  );
}

export async function createIssue(client: JiraRestClient, fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const result = await client.request(
    { method: "POST", path: "/rest/api/2/issue", body: { fields } },
    z.object({ id: z.string(), key: z.string().optional() }).passthrough(),
  );
  if (!result.key) throw new Error("There was an error creating the issue.");
  return { id: result.id, key: result.key };
}
