import type { Db } from "@/lib/db/client";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { badRequest } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { activeOrganizationLinks, organizationsEnabling, syncGroupAssigneeInbound, syncGroupStatusInbound, type InboundOutcome, type OrganizationLink } from "@/lib/integrations/sync";
import { getUserEmail } from "./rest-resources";
import { decideInboundStatus, doneStatusIds } from "./done-statuses";
import { jiraClientFor, type JiraInstallation } from "./installed-site";
import { readJiraOrganizationConfig } from "./organization-config";
import { JiraApiError } from "./signed-rest-client";
import { jiraAppSettings } from "./app-settings";
import { issueUpdatedPayloadSchema, parseJiraTimestamp, type IssueUpdatedPayload } from "./issue-updated-payload";

type Summary = { assignee?: InboundOutcome[] | string; status?: InboundOutcome[] | string };

/** What a jira:issue_updated delivery came to: the JSON the webhook endpoint answers 200 with. */
export type IssueUpdatedResult =
  | { ok: true; skipped: string }
  | { ok: true; duplicate: true }
  | ({ ok: true } & Summary)
  | { error_message: string };

/** The delivery's headers that matter here: its id (re-deliveries share it) and Jira's retry count. */
export interface IssueUpdatedDelivery {
  id: string | null;
  retry: string | null;
}

/**
 * jira:issue_updated (§1, §3) from an authenticated site: assignee and status are both taken from
 * the same payload. Re-deliveries (same delivery id) write nothing the second time.
 */
export async function applyJiraIssueUpdated(db: Db, installation: JiraInstallation, body: unknown, delivery: IssueUpdatedDelivery): Promise<IssueUpdatedResult> {
  const log = logger.child({ integrationId: installation.integration.id, provider: "jira" });

  const parsed = issueUpdatedPayloadSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Unexpected jira:issue_updated payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const payload: IssueUpdatedPayload = parsed.data;

  const deliveryId = delivery.id;
  const integrationId = installation.integration.id;
  const skip = (reason: string) => recordWebhookSync(db, { integrationId, deliveryId, externalKey: payload.issue?.key ?? null }, { kind: "assignee", outcome: "skipped", reason });

  if (!payload.changelog) {
    await skip("no changelog in the webhook");
    return { ok: true, skipped: "no changelog" };
  }
  if (!payload.issue) throw badRequest("The webhook has a changelog but no issue");
  if (installation.integration.status !== "active") {
    await skip("the Jira site has uninstalled Tether");
    return { ok: true, skipped: "integration disabled" };
  }

  // Read once: it answers "linked at all?" here and "which organizations sync?" below.
  const organizationLinks = await activeOrganizationLinks(db, integrationId);
  if (organizationLinks.length === 0) {
    log.warn({ issueKey: payload.issue.key }, "Jira webhook for a site linked to no organization: ignored");
    await skip("the Jira site is not linked to any organization yet");
    return { ok: true, skipped: "no linked organization" };
  }

  if (deliveryId) {
    try {
      await db.webhookDelivery.create({ data: { provider: "jira", deliveryId, scope: integrationId } });
    } catch (error) {
      if (isUniqueViolation(error)) {
        log.info({ deliveryId, retry: delivery.retry }, "duplicate Jira webhook delivery ignored");
        return { ok: true, duplicate: true };
      }
      throw error;
    }
  }

  try {
    const summary: Summary = {};
    const items = payload.changelog.items;
    const issue = payload.issue;
    if (items.some((item) => item.field === "assignee")) {
      const outcome = await handleAssigneeChange(db, installation, organizationLinks, issue, deliveryId);
      if ("error_message" in outcome) return outcome;
      summary.assignee = outcome.outcomes;
    }
    const statusItem = items.find((item) => item.field === "status");
    if (statusItem) summary.status = await handleStatusChange(db, installation, organizationLinks, issue, statusItem.from ?? null, statusItem.to ?? null, deliveryId);
    if (!summary.assignee && !summary.status) await skip("the change touches neither assignee nor status");
    return { ok: true, ...summary };
  } catch (error) {
    // Let Jira's retry deliver it again: the claim on the delivery id must not outlive a failure.
    if (deliveryId) await db.webhookDelivery.deleteMany({ where: { provider: "jira", deliveryId, scope: integrationId } }).catch(() => undefined);
    throw error;
  }
}

async function handleAssigneeChange(
  db: Db,
  installation: JiraInstallation,
  organizationLinks: readonly OrganizationLink[],
  issue: NonNullable<IssueUpdatedPayload["issue"]>,
  deliveryId: string | null,
): Promise<{ outcomes: InboundOutcome[] | string } | { error_message: string }> {
  const integrationId = installation.integration.id;
  const assignee = issue.fields.assignee;
  let email: string | null = null;
  if (assignee) {
    email = assignee.emailAddress?.trim() || null;
    if (!email && assignee.accountId && jiraAppSettings().useEmailScope) {
      try {
        email = (await getUserEmail(jiraClientFor(installation, { timeoutMs: 5000 }), assignee.accountId))?.trim() || null;
      } catch (error) {
        const message =
          error instanceof JiraApiError && (error.status === 403 || error.status === 404)
            ? "User lacks permissions to get email."
            : "Cannot reach host to get email.";
        await recordWebhookSync(db, { integrationId, deliveryId, externalKey: issue.key }, { kind: "assignee", outcome: "failed", error: message });
        return { error_message: message };
      }
    }
    if (!email) {
      await recordWebhookSync(db, { integrationId, deliveryId, externalKey: issue.key }, { kind: "assignee", outcome: "skipped", reason: "the Jira assignee has no visible email" });
      return { outcomes: "no email" };
    }
  }
  const outcomes = await syncGroupAssigneeInbound(db, {
    provider: "jira",
    integrationId,
    externalKey: issue.key,
    email,
    providerUpdatedAt: parseJiraTimestamp(issue.fields.updated),
    deliveryId,
    organizationLinks,
  });
  if (outcomes.length === 0) {
    await recordWebhookSync(db, { integrationId, deliveryId, externalKey: issue.key }, { kind: "assignee", outcome: "skipped", reason: "no group with assignment sync is linked to this issue" });
  }
  return { outcomes };
}

async function handleStatusChange(
  db: Db,
  installation: JiraInstallation,
  organizationLinks: readonly OrganizationLink[],
  issue: NonNullable<IssueUpdatedPayload["issue"]>,
  from: string | null,
  to: string | null,
  deliveryId: string | null,
): Promise<InboundOutcome[] | string> {
  const integrationId = installation.integration.id;
  const skipped = async (reason: string) => {
    await recordWebhookSync(db, { integrationId, deliveryId, externalKey: issue.key }, { kind: "status", outcome: "skipped", reason });
    return reason;
  };
  const organizationIds = organizationsEnabling(organizationLinks, "sync_status_reverse");
  if (organizationIds.length === 0) return skipped("no organization syncs status from this Jira site");

  let done: Set<string>;
  try {
    done = await doneStatusIds(integrationId, jiraClientFor(installation, { timeoutMs: 5000 }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordWebhookSync(db, { integrationId, deliveryId, externalKey: issue.key }, { kind: "status", outcome: "failed", error: `Could not read Jira statuses: ${message}` });
    return "could not read statuses";
  }

  const orgIntegrations = await db.organizationIntegration.findMany({
    where: { integrationId, organizationId: { in: organizationIds } },
    select: { organizationId: true, config: true, externalProjects: { where: { externalId: issue.fields.project?.id ?? "" } } },
  });
  const outcomes: InboundOutcome[] = [];
  for (const action of ["resolve", "unresolve"] as const) {
    // [R] Each organization may count more statuses as resolved for this Jira project.
    const orgs = orgIntegrations.filter((oi) => {
      const extra = oi.externalProjects.flatMap((p) => [p.resolvedStatus, ...p.extraResolvedStatuses]);
      return decideInboundStatus(from, to, new Set([...done, ...extra])) === action;
    });
    if (orgs.length === 0) continue;
    const strategies = new Map(orgs.map((oi) => [oi.organizationId, readJiraOrganizationConfig(oi.config).resolution_strategy]));
    outcomes.push(
      ...(await syncGroupStatusInbound(db, {
        provider: "jira",
        integrationId,
        externalKey: issue.key,
        action,
        deliveryId,
        organizationIds: orgs.map((oi) => oi.organizationId),
        resolutionFor: (organizationId) => {
          const strategy = strategies.get(organizationId);
          return strategy === "resolve_next_release" ? "in_next_release" : strategy === "resolve_current_release" ? "in_current_release" : "now";
        },
      })),
    );
  }
  if (outcomes.length === 0) return skipped(`status change ${from ?? "none"} → ${to ?? "none"} does not cross into or out of resolved`);
  return outcomes;
}

/** A webhook's sync-history row for what happened before any organization was reached. */
function recordWebhookSync(
  db: Db,
  webhook: { integrationId: string; deliveryId: string | null; externalKey: string | null },
  row: { kind: "assignee" | "status"; outcome: "skipped" | "failed"; reason?: string; error?: string },
) {
  return recordSyncEvent(db, { organizationId: null, provider: "jira", direction: "inbound", ...webhook, ...row });
}
