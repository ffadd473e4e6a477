import type { Db } from "@/lib/db/client";
import { badRequest } from "@/lib/errors";
import { searchIssues, searchUsers } from "./create-meta";
import { loadJiraGroupContext } from "./group-context";
import { jiraClientFor } from "./installed-site";
import { JiraApiError } from "./signed-rest-client";

/** Choices for an async select of the create form: Jira users for user fields, issues for parents. */
export async function searchIssueFieldOptions(
  db: Db,
  input: { organizationId: string; groupId: string; integrationId: string; kind: "user" | "issue"; query: string },
): Promise<[string, string][]> {
  const ctx = await loadJiraGroupContext(db, input);
  if (input.query.trim().length < 1) return [];
  const client = jiraClientFor(ctx.installation, { timeoutMs: 8000 });
  try {
    if (input.kind === "issue") {
      return (await searchIssues(client, input.query)).map((issue) => [issue.key, `${issue.key} ${issue.summary}`.trim()]);
    }
    return (await searchUsers(client, input.query)).map((user) => [user.accountId, user.displayName ?? user.accountId]);
  } catch (error) {
    if (error instanceof JiraApiError) throw badRequest(`Jira search failed: ${error.message}`);
    throw error;
  }
}
