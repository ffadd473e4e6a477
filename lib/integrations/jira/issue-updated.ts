import { organizationsEnabling, syncGroupAssigneeInbound, syncGroupStatusInbound, type InboundOutcome, type OrganizationLink } from "@/lib/integrations/sync";
import type { InboundWebhook, WebhookApplyContext } from "@/lib/integrations/webhook";
import { badRequest } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticateConnect } from "./connect-authentication";
import { extractConnectToken } from "./connect-jwt";
import { getUserEmail } from "./rest-resources";
import { decideInboundStatus, doneStatusIds } from "./done-statuses";
import { jiraClientFor, verifyLinkedJiraSiteRequest, type LinkedJiraInstallation } from "./installed-site";
import { readJiraOrganizationConfig } from "./organization-config";
import { JiraApiError } from "./signed-rest-client";
import { jiraAppSettings } from "./app-settings";
import { issueUpdatedPayloadSchema, parseJiraTimestamp, type IssueUpdatedPayload } from "./issue-updated-payload";

// jira:issue_updated (§1, §3), as a provider of the shared webhook pipeline: which site sent it
// (Connect JWT), what the payload says, and the domain calls it maps to. Assignee and status are
// both taken from the same payload; the pipeline makes re-deliveries write nothing.

const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

type Summary = { assignee?: InboundOutcome[] | string; status?: InboundOutcome[] | string };

/** What a jira:issue_updated delivery came to: the JSON the webhook endpoint answers 200 with. */
export type IssueUpdatedResult = { ok: true; skipped: string } | ({ ok: true } & Summary) | { error_message: string };

type Issue = NonNullable<IssueUpdatedPayload["issue"]>;

/** The remote lookups a delivery needs, done before its transaction; apply() follows this plan. */
type IssueUpdatedPlan =
  | { kind: "skip"; reason: string; result: string }
  | {
      kind: "change";
      issue: Issue;
      organizationLinks: OrganizationLink[];
      assignee: AssigneePlan | null;
      status: StatusPlan | null;
    };

type AssigneePlan = { kind: "email"; email: string | null } | { kind: "failed"; message: string } | { kind: "no_email" };
/** done: the site's "done" statuses; null when no organization syncs status (nothing was asked). */
type StatusPlan = { from: string | null; to: string | null; done: Set<string> | { failed: string } | null };

type Context = WebhookApplyContext<LinkedJiraInstallation, IssueUpdatedPayload, IssueUpdatedPlan>;

export const jiraIssueUpdatedWebhook: InboundWebhook<LinkedJiraInstallation, IssueUpdatedPayload, IssueUpdatedPlan, IssueUpdatedResult> = {
  provider: "jira",
  bodyLimit: WEBHOOK_BODY_LIMIT,

  authenticate: ({ db, request }) =>
    authenticateConnect(() => verifyLinkedJiraSiteRequest(db, { token: extractConnectToken(request.headers.get("authorization")), method: request.method, url: request.url })),

  payload: issueUpdatedPayloadSchema,
  describeInvalidPayload: (error) => `Unexpected jira:issue_updated payload: ${error.issues[0]?.path.join(".")} ${error.issues[0]?.message}`,

  deliveryId({ request, sender }) {
    const id = request.headers.get("x-atlassian-webhook-identifier");
    return id ? { id, scope: sender.integration.id } : null;
  },

  prepare: planIssueUpdated,
  apply: applyIssueUpdated,
};

async function planIssueUpdated({ sender, payload }: { sender: LinkedJiraInstallation; payload: IssueUpdatedPayload }): Promise<IssueUpdatedPlan> {
  if (!payload.changelog) return { kind: "skip", reason: "no changelog in the webhook", result: "no changelog" };
  if (!payload.issue) throw badRequest("The webhook has a changelog but no issue");
  if (sender.integration.status !== "active") return { kind: "skip", reason: "the Jira site has uninstalled Tether", result: "integration disabled" };
  if (sender.organizationLinks.length === 0) {
    logger.warn({ integrationId: sender.integration.id, issueKey: payload.issue.key }, "Jira webhook for a site linked to no organization: ignored");
    return { kind: "skip", reason: "the Jira site is not linked to any organization yet", result: "no linked organization" };
  }
  const items = payload.changelog.items;
  const issue = payload.issue;
  const statusItem = items.find((item) => item.field === "status");
  // Both lookups at once: each may be a call to the site.
  const [assignee, status] = await Promise.all([
    items.some((item) => item.field === "assignee") ? planAssignee(sender, issue) : null,
    statusItem ? planStatus(sender, statusItem.from ?? null, statusItem.to ?? null) : null,
  ]);
  return { kind: "change", issue, organizationLinks: sender.organizationLinks, assignee, status };
}

/** The assignee's email: from the payload, or looked up when Jira hides it and Tether may ask. */
async function planAssignee(installation: LinkedJiraInstallation, issue: Issue): Promise<AssigneePlan> {
  const assignee = issue.fields.assignee;
  if (!assignee) return { kind: "email", email: null };
  let email = assignee.emailAddress?.trim() || null;
  if (!email && assignee.accountId && jiraAppSettings().useEmailScope) {
    try {
      email = (await getUserEmail(jiraClientFor(installation, { timeoutMs: 5000 }), assignee.accountId))?.trim() || null;
    } catch (error) {
      const message = error instanceof JiraApiError && (error.status === 403 || error.status === 404) ? "User lacks permissions to get email." : "Cannot reach host to get email.";
      return { kind: "failed", message };
    }
  }
  return email ? { kind: "email", email } : { kind: "no_email" };
}

async function planStatus(installation: LinkedJiraInstallation, from: string | null, to: string | null): Promise<StatusPlan> {
  if (organizationsEnabling(installation.organizationLinks, "sync_status_reverse").length === 0) return { from, to, done: null };
  try {
    return { from, to, done: await doneStatusIds(installation.integration.id, jiraClientFor(installation, { timeoutMs: 5000 })) };
  } catch (error) {
    return { from, to, done: { failed: error instanceof Error ? error.message : String(error) } };
  }
}

async function applyIssueUpdated(ctx: Context): Promise<IssueUpdatedResult> {
  const { plan } = ctx;
  const integrationId = ctx.sender.integration.id;
  if (plan.kind === "skip") {
    ctx.record({ organizationId: null, integrationId, kind: "assignee", outcome: "skipped", reason: plan.reason, externalKey: ctx.payload.issue?.key ?? null });
    return { ok: true, skipped: plan.result };
  }
  const summary: Summary = {};
  if (plan.assignee) {
    const outcome = await applyAssigneeChange(ctx, plan.issue, plan.assignee, plan.organizationLinks);
    if ("error_message" in outcome) return outcome;
    summary.assignee = outcome.outcomes;
  }
  if (plan.status) summary.status = await applyStatusChange(ctx, plan.issue, plan.status, plan.organizationLinks);
  if (!summary.assignee && !summary.status) {
    ctx.record({ organizationId: null, integrationId, kind: "assignee", outcome: "skipped", reason: "the change touches neither assignee nor status", externalKey: plan.issue.key });
  }
  return { ok: true, ...summary };
}

async function applyAssigneeChange(
  ctx: Context,
  issue: Issue,
  plan: AssigneePlan,
  organizationLinks: readonly OrganizationLink[],
): Promise<{ outcomes: InboundOutcome[] | string } | { error_message: string }> {
  const integrationId = ctx.sender.integration.id;
  const row = { organizationId: null, integrationId, kind: "assignee", externalKey: issue.key } as const;
  if (plan.kind === "failed") {
    ctx.record({ ...row, outcome: "failed", error: plan.message });
    return { error_message: plan.message };
  }
  if (plan.kind === "no_email") {
    ctx.record({ ...row, outcome: "skipped", reason: "the Jira assignee has no visible email" });
    return { outcomes: "no email" };
  }
  const outcomes = await syncGroupAssigneeInbound(ctx.tx, ctx.pending, {
    provider: "jira",
    integrationId,
    externalKey: issue.key,
    email: plan.email,
    providerUpdatedAt: parseJiraTimestamp(issue.fields.updated),
    deliveryId: ctx.delivery?.id ?? null,
    organizationLinks,
  });
  if (outcomes.length === 0) ctx.record({ ...row, outcome: "skipped", reason: "no group with assignment sync is linked to this issue" });
  return { outcomes };
}

async function applyStatusChange(ctx: Context, issue: Issue, plan: StatusPlan, organizationLinks: readonly OrganizationLink[]): Promise<InboundOutcome[] | string> {
  const integrationId = ctx.sender.integration.id;
  const row = { organizationId: null, integrationId, kind: "status", externalKey: issue.key } as const;
  const skipped = (reason: string) => {
    ctx.record({ ...row, outcome: "skipped", reason });
    return reason;
  };
  const organizationIds = organizationsEnabling(organizationLinks, "sync_status_reverse");
  if (organizationIds.length === 0 || plan.done === null) return skipped("no organization syncs status from this Jira site");
  if (!(plan.done instanceof Set)) {
    ctx.record({ ...row, outcome: "failed", error: `Could not read Jira statuses: ${plan.done.failed}` });
    return "could not read statuses";
  }
  const done = plan.done;

  const orgIntegrations = await ctx.tx.organizationIntegration.findMany({
    where: { integrationId, organizationId: { in: organizationIds } },
    select: { organizationId: true, config: true, externalProjects: { where: { externalId: issue.fields.project?.id ?? "" } } },
  });
  const outcomes: InboundOutcome[] = [];
  for (const action of ["resolve", "unresolve"] as const) {
    // [R] Each organization may count more statuses as resolved for this Jira project.
    const orgs = orgIntegrations.filter((oi) => {
      const extra = oi.externalProjects.flatMap((p) => [p.resolvedStatus, ...p.extraResolvedStatuses]);
      return decideInboundStatus(plan.from, plan.to, new Set([...done, ...extra])) === action;
    });
    if (orgs.length === 0) continue;
    const strategies = new Map(orgs.map((oi) => [oi.organizationId, readJiraOrganizationConfig(oi.config).resolution_strategy]));
    outcomes.push(
      ...(await syncGroupStatusInbound(ctx.tx, ctx.pending, {
        provider: "jira",
        integrationId,
        externalKey: issue.key,
        action,
        deliveryId: ctx.delivery?.id ?? null,
        organizationIds: orgs.map((oi) => oi.organizationId),
        resolutionFor: (organizationId) => {
          const strategy = strategies.get(organizationId);
          return strategy === "resolve_next_release" ? "in_next_release" : strategy === "resolve_current_release" ? "in_current_release" : "now";
        },
      })),
    );
  }
  if (outcomes.length === 0) return skipped(`status change ${plan.from ?? "none"} → ${plan.to ?? "none"} does not cross into or out of resolved`);
  return outcomes;
}
