import { PermanentSyncError, RetryAfterError, type IssueSyncProvider, type OutboundSyncContext, type OutboundSyncResult } from "@/lib/integrations/provider";
import { getIssue, getUserEmail, listTransitions, searchAssignableUsers, setIssueAssignee, transitionIssue } from "./rest-resources";
import { jiraClientFor, jiraSiteOf } from "./installed-site";
import { JiraApiError, type JiraRestClient } from "./signed-rest-client";
import { jiraAppSettings } from "./app-settings";

/**
 * Jira's answer as a queue decision: wait as asked, retry what can change (outages, timeouts, 408,
 * 409, 425, 429), and fail at once with the reason what cannot (other 4xx, a 2xx of the wrong shape,
 * a refused site): retrying those only repeats the same answer.
 */
function asSyncError(error: unknown, permanentMessage: string): Error {
  if (!(error instanceof JiraApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.retryAfterSeconds !== null && (error.status === 429 || error.status === 503)) return new RetryAfterError(error.retryAfterSeconds, error.message);
  if (error.status === 429) return new RetryAfterError(30, error.message);
  if (error.transient) return error;
  if (error.status === 401) return new PermanentSyncError(`${permanentMessage} Jira answered 401: Tether's installation is no longer authorised on this site (re-install the app).`);
  if (error.status === 403) return new PermanentSyncError(`${permanentMessage} Jira answered 403: the app lacks the permission for this issue.`);
  return new PermanentSyncError(`${permanentMessage} ${error.message}`);
}

/** The Jira account for a Tether user: the first verified email Jira can match, case-insensitively. */
async function findJiraAccount(client: JiraRestClient, issueKey: string, emails: string[]): Promise<string | null> {
  const useEmailScope = jiraAppSettings().useEmailScope;
  for (const email of emails) {
    let hits;
    try {
      hits = await searchAssignableUsers(client, issueKey, email);
    } catch (error) {
      // One email's failed search does not stop the others, but rate limits and outages must retry.
      if (error instanceof JiraApiError && (error.transient || error.kind === "refused")) throw error;
      continue;
    }
    for (const hit of hits) {
      let hitEmail = hit.emailAddress ?? null;
      if (!hitEmail && useEmailScope) hitEmail = await getUserEmail(client, hit.accountId).catch(() => null);
      // [R] stop at the first match: an earlier verified email wins over later ones.
      if (hitEmail && hitEmail.toLowerCase() === email.toLowerCase()) return hit.accountId;
    }
  }
  return null;
}

async function syncAssigneeOutbound(ctx: OutboundSyncContext): Promise<OutboundSyncResult> {
  const client = jiraClientFor(jiraSiteOf(ctx.integration), { timeoutMs: 10_000 });
  const key = ctx.externalIssue.key;
  try {
    if (!ctx.assignee) {
      await setIssueAssignee(client, key, null);
      return { outcome: "applied", detail: "unassigned in Jira" };
    }
    const emails = [ctx.assignee.email, ...ctx.assignee.verifiedEmails].filter((e, i, all) => e && all.indexOf(e) === i);
    const accountId = await findJiraAccount(client, key, emails);
    if (!accountId) {
      return { outcome: "skipped", reason: `sync target not found: no assignable Jira user has the email ${emails.join(" or ")}` };
    }
    await setIssueAssignee(client, key, accountId);
    return { outcome: "applied", detail: `assigned to Jira account ${accountId}` };
  } catch (error) {
    throw asSyncError(error, "There was an error assigning the issue.");
  }
}

async function syncStatusOutbound(ctx: OutboundSyncContext): Promise<OutboundSyncResult> {
  const client = jiraClientFor(jiraSiteOf(ctx.integration), { timeoutMs: 10_000 });
  const key = ctx.externalIssue.key;
  try {
    const issue = await getIssue(client, key);
    const projectId = issue.fields.project?.id;
    const mapping = projectId
      ? await ctx.db.integrationExternalProject.findFirst({
          where: { externalId: projectId, organizationIntegration: { organizationId: ctx.organizationId, integrationId: ctx.integration.id } },
        })
      : null;
    if (!mapping) return { outcome: "skipped", reason: `no status mapping for Jira project ${issue.fields.project?.key ?? projectId ?? "?"}` };
    const target = ctx.group.status === "resolved" ? mapping.resolvedStatus : mapping.unresolvedStatus;
    if (issue.fields.status?.id === target) return { outcome: "skipped", reason: `already in status ${issue.fields.status.name ?? target}` };
    const transition = (await listTransitions(client, key)).find((t) => t.to.id === target);
    if (!transition) return { outcome: "skipped", reason: `no transition of ${key} leads to status ${target}` };
    await transitionIssue(client, key, transition.id);
    return { outcome: "applied", detail: `moved to ${transition.to.name ?? transition.name ?? target}` };
  } catch (error) {
    throw asSyncError(error, "There was an error changing the Jira issue's status.");
  }
}

export const jiraIssueSyncProvider: IssueSyncProvider = { syncAssigneeOutbound, syncStatusOutbound };
