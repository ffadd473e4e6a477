import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { formatShortId } from "@/lib/domain/groups/short-id";
import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";
import { JIRA_SITE_PROJECTS, JIRA_SITE_STATUSES, issueUpdatedPayload, jiraSiteStatus, type ChangelogField } from "./jira-core";
import { logger } from "@/lib/logger";
import { sandboxEnabled, sandboxJiraBaseUrl } from "./settings";
import { findSandboxJiraSite, sandboxJiraClientKey } from "./site";
import { sandboxJiraStore } from "./store";
import { SANDBOX_JIRA_USERS } from "./users";
import { sendSandboxIssueUpdated, type DeliverToTether, type TetherAnswer } from "./webhooks";

// The Sandbox Jira page's data and its one action: a change made "in Jira" on a sandbox issue,
// which Tether hears about through a signed jira:issue_updated webhook like any real site's.

/**
 * The sandbox integration linked to this organization, or null (sandbox off, not installed, not
 * linked). Reads no secret: pages ask on every render, and a changed TETHER_SECRET_KEY must not
 * break them.
 */
export async function sandboxIntegrationFor(db: Db, organizationId: string): Promise<{ integrationId: string; clientKey: string; baseUrl: string } | null> {
  if (!sandboxEnabled()) return null;
  const clientKey = await sandboxJiraClientKey(db);
  if (!clientKey) return null;
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId, status: "active", integration: { provider: "jira", externalId: clientKey, status: "active" } },
    select: { integrationId: true },
  });
  return link ? { integrationId: link.integrationId, clientKey, baseUrl: sandboxJiraBaseUrl() } : null;
}

/** Whether the navigation offers Sandbox Jira. A failure here hides the entry; it never fails the page. */
export async function sandboxShownInNavigation(db: Db, organizationId: string): Promise<boolean> {
  try {
    return (await sandboxIntegrationFor(db, organizationId)) !== null;
  } catch (err) {
    logger.error({ err, organizationId }, "could not tell whether the sandbox Jira site is linked; its navigation entry is hidden");
    return false;
  }
}

export interface SandboxIssueRow {
  key: string;
  summary: string;
  project: string;
  statusId: string;
  status: string;
  statusCategory: string;
  assigneeAccountId: string | null;
  assignee: string | null;
  updated: string;
  comments: number;
  linkedGroups: { id: string; shortId: string; title: string; status: string; assignee: string | null }[];
}

export interface SandboxJiraOverview {
  baseUrl: string;
  issues: SandboxIssueRow[];
  statuses: { id: string; name: string }[];
  users: { accountId: string; displayName: string }[];
}

/** Every sandbox issue with the groups of this organization linked to it. */
export async function listSandboxJiraIssues(db: Db, organizationId: string): Promise<SandboxJiraOverview> {
  const sandbox = await sandboxIntegrationFor(db, organizationId);
  if (!sandbox) throw notFound("The sandbox Jira site is not available");
  const issues = await sandboxJiraStore(db).listIssues();
  const links = await db.externalIssue.findMany({
    where: { organizationId, integrationId: sandbox.integrationId, key: { in: issues.map((i) => i.key) } },
    select: {
      key: true,
      links: {
        select: {
          group: {
            select: {
              id: true,
              shortId: true,
              title: true,
              status: true,
              project: { select: { slug: true } },
              assignee: { select: { user: { select: { name: true, email: true } }, team: { select: { name: true } } } },
            },
          },
        },
      },
    },
  });
  const byKey = new Map(links.map((l) => [l.key, l.links.map((gl) => gl.group)]));
  return {
    baseUrl: sandbox.baseUrl,
    statuses: JIRA_SITE_STATUSES.map((s) => ({ id: s.id, name: s.name })),
    users: SANDBOX_JIRA_USERS.map((u) => ({ accountId: u.accountId, displayName: u.displayName })),
    issues: issues.map((issue) => {
      const status = jiraSiteStatus(issue.statusId);
      return {
        key: issue.key,
        summary: issue.summary,
        project: JIRA_SITE_PROJECTS.find((p) => p.id === issue.projectId)?.name ?? issue.projectId,
        statusId: issue.statusId,
        status: status?.name ?? issue.statusId,
        statusCategory: status?.statusCategory.key ?? "new",
        assigneeAccountId: issue.assigneeAccountId,
        assignee: SANDBOX_JIRA_USERS.find((u) => u.accountId === issue.assigneeAccountId)?.displayName ?? null,
        updated: issue.updated,
        comments: issue.comments.length,
        linkedGroups: (byKey.get(issue.key) ?? []).map((g) => ({
          id: g.id,
          shortId: formatShortId(g.project.slug, g.shortId),
          title: g.title,
          status: g.status,
          assignee: g.assignee?.user?.name ?? g.assignee?.user?.email ?? g.assignee?.team?.name ?? null,
        })),
      };
    }),
  };
}

export const sandboxIssueChangeSchema = z
  .strictObject({
    statusId: z.enum(JIRA_SITE_STATUSES.map((s) => s.id) as [string, ...string[]], { message: "Choose one of the sandbox's statuses" }).optional(),
    assigneeAccountId: z.enum(SANDBOX_JIRA_USERS.map((u) => u.accountId) as [string, ...string[]], { message: "Choose one of the sandbox's people" }).nullable().optional(),
  })
  .refine((change) => change.statusId !== undefined || change.assigneeAccountId !== undefined, { message: "Change the status or the assignee" });
export type SandboxIssueChange = z.infer<typeof sandboxIssueChangeSchema>;

export interface SandboxIssueChangeResult {
  key: string;
  changed: ChangelogField[];
  /** What Tether answered the webhook. */
  webhook: TetherAnswer | null;
}

/**
 * Changes a sandbox issue as a Jira user would, then sends Tether the signed jira:issue_updated
 * webhook for it over HTTP. Tether's answer is returned as it came; the issue stays changed either
 * way, as in Jira.
 */
export async function changeSandboxJiraIssue(
  db: Db,
  input: { organizationId: string; key: string; change: SandboxIssueChange },
  deliver?: DeliverToTether,
): Promise<SandboxIssueChangeResult> {
  const sandbox = await sandboxIntegrationFor(db, input.organizationId);
  if (!sandbox) throw notFound("The sandbox Jira site is not available");
  // The site's secrets sign the webhook; only this action opens them.
  const site = await findSandboxJiraSite(db);
  if (!site) throw notFound("The sandbox Jira site is not available");
  const store = sandboxJiraStore(db);
  const issue = await store.getIssue(input.key);
  if (!issue) throw notFound(`The sandbox has no issue ${input.key}`);
  const items: Parameters<typeof issueUpdatedPayload>[3] = [];
  const update: { statusId?: string; assigneeAccountId?: string | null } = {};
  if (input.change.statusId !== undefined && input.change.statusId !== issue.statusId) {
    update.statusId = input.change.statusId;
    items.push({ field: "status", from: issue.statusId, to: input.change.statusId, fromLabel: jiraSiteStatus(issue.statusId)?.name, toLabel: jiraSiteStatus(input.change.statusId)?.name });
  }
  if (input.change.assigneeAccountId !== undefined && input.change.assigneeAccountId !== issue.assigneeAccountId) {
    update.assigneeAccountId = input.change.assigneeAccountId;
    const name = (id: string | null) => SANDBOX_JIRA_USERS.find((u) => u.accountId === id)?.displayName ?? null;
    items.push({ field: "assignee", from: issue.assigneeAccountId, to: input.change.assigneeAccountId, fromLabel: name(issue.assigneeAccountId), toLabel: name(input.change.assigneeAccountId) });
  }
  if (items.length === 0) return { key: issue.key, changed: [], webhook: null };
  await store.updateIssue(issue.key, update);
  const updated = await store.getIssue(issue.key);
  if (!updated) throw notFound(`The sandbox has no issue ${input.key}`);
  let webhook: TetherAnswer;
  try {
    webhook = await sendSandboxIssueUpdated(site, issueUpdatedPayload(updated, store.users, site.baseUrl, items), deliver);
  } catch (error) {
    // As in Jira, the edit stands when the webhook is lost; the page says Tether did not hear of it.
    webhook = { status: 0, body: `The webhook did not reach Tether: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { key: issue.key, changed: items.map((i) => i.field), webhook };
}

/** Where a sandbox issue's "Jira" link leads: the Sandbox Jira page of the organization it is linked in. */
export async function sandboxIssuePageUrl(db: Db, key: string): Promise<string | null> {
  const clientKey = await sandboxJiraClientKey(db);
  if (!clientKey) return null;
  const link = await db.organizationIntegration.findFirst({
    where: { status: "active", integration: { provider: "jira", externalId: clientKey } },
    select: { organization: { select: { slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (!link) return null;
  return `${tetherPublicBaseUrl()}/o/${link.organization.slug}/sandbox?issue=${encodeURIComponent(key)}`;
}
