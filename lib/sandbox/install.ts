import type { Db } from "@/lib/db/client";
import { DEMO_LOGIN, DEMO_ORGANIZATION_SLUG } from "@/lib/demo/seed-demo";
import { assignGroup } from "@/lib/domain/group-actions";
import { createJiraIssueForGroup } from "@/lib/integrations/jira/create-issue";
import { updateJiraOrganizationConfig } from "@/lib/integrations/jira/edit-organization-config";
import { findJiraInstallation } from "@/lib/integrations/jira/installed-site";
import { linkJiraIssueToGroup } from "@/lib/integrations/jira/link-issue";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { logger } from "@/lib/logger";
import { changeSandboxJiraIssue } from "./issues";
import { sandboxEnabled } from "./settings";
import { refreshSandboxIssueLinks } from "./issue-links";
import { SANDBOX_SEED_LEASE_MS, claimSandboxSeeding, ensureSandboxJiraSite, finishSandboxSeeding, releaseSandboxSeeding, renewSandboxSeeding, type SandboxJiraSite } from "./site";
import { sandboxJiraStore } from "./store";
import { sendSandboxInstall, type DeliverToTether } from "./webhooks";

// Brings the sandbox site into the demo organization at start, through the same doors a real
// site uses: a signed `installed` callback over HTTP, the link to the organization, its sync
// settings, then a few demo groups linked to sandbox issues with a genuine sync history (issues
// created and linked by the create/link domain functions, changes sent as signed webhooks, an
// assignment going out through the queue). Safe to run at every start and on several instances.

export type SandboxStartOutcome =
  | { status: "off" }
  | { status: "no_demo_organization" }
  | { status: "ready"; integrationId: string; seeded: boolean };

/** Install (or re-install when what Tether holds is not this site's current install) over HTTP. */
async function ensureInstalled(db: Db, site: SandboxJiraSite, deliver?: DeliverToTether): Promise<string> {
  const current = await findJiraInstallation(db, site.clientKey);
  const upToDate = current?.integration.status === "active" && current.metadata.base_url === site.baseUrl && current.sharedSecret === site.sharedSecret && current.metadata.sandbox === true;
  if (current && upToDate) return current.integration.id;
  const answer = await sendSandboxInstall(site, deliver);
  if (answer.status !== 200) throw new Error(`Tether refused the sandbox site's install (${answer.status}): ${JSON.stringify(answer.body)}`);
  const installed = await findJiraInstallation(db, site.clientKey);
  if (!installed) throw new Error("the sandbox install was accepted but no installation was recorded");
  // The install callback names the site in the background; the sandbox knows its name already.
  await db.integration.update({ where: { id: installed.integration.id }, data: { name: "Sandbox Jira" } });
  return installed.integration.id;
}

/** Groups the demo links to sandbox issues: unresolved ones from the quiet end of the list, so the busiest stay untouched. */
async function pickDemoGroups(db: Db, organizationId: string, count: number) {
  return db.group.findMany({
    where: { project: { organizationId }, status: "unresolved", links: { none: {} } },
    orderBy: [{ lastSeen: "asc" }, { id: "asc" }],
    take: count,
    select: { id: true, title: true, projectId: true },
  });
}

async function seedDemoLinks(db: Db, input: { organizationId: string; integrationId: string; userId: string | null }, deliver?: DeliverToTether): Promise<void> {
  const { organizationId, integrationId, userId } = input;
  await updateJiraOrganizationConfig(db, {
    organizationId,
    integrationId,
    update: {
      sync_forward_assignment: true,
      sync_reverse_assignment: true,
      sync_status_reverse: true,
      link_back_comment: true,
      sync_status_forward: {
        "10000": { on_resolve: "10101", on_unresolve: "1", also_resolved: ["10102"], name: "Application" },
        "10001": { on_resolve: "10101", on_unresolve: "1", also_resolved: ["10102"], name: "Operations" },
      },
    },
  });
  const store = sandboxJiraStore(db);
  const groups = await pickDemoGroups(db, organizationId, 4);
  const linkedKeys: string[] = [];
  // Two issues created from Tether's create form path (POST /rest/api/2/issue to the sandbox).
  for (const group of groups.slice(0, 2)) {
    const created = await createJiraIssueForGroup(db, { organizationId, groupId: group.id, integrationId, userId, fields: { project: "10000", issuetype: "10002", title: group.title } });
    linkedKeys.push(created.linked.key);
  }
  // Two issues that already existed in Jira, linked from Tether (GET issue + back-link comment).
  for (const [index, group] of groups.slice(2, 4).entries()) {
    const existing = await store.createIssue({
      projectId: "10001",
      projectKey: "OPS",
      summary: `Investigate: ${group.title}`.slice(0, 255),
      description: "Filed by the on-call engineer before the error showed up in Tether.",
      fields: {},
      statusId: "3",
      assigneeAccountId: index === 0 ? "sandbox-jonas" : null,
    });
    await linkJiraIssueToGroup(db, { organizationId, groupId: group.id, integrationId, userId, externalIssue: existing.key });
    linkedKeys.push(existing.key);
  }
  // Issues nobody has linked yet, to try "Link existing issue" with.
  await store.createIssue({ projectId: "10000", projectKey: "APP", summary: "Checkout button unresponsive on slow networks", description: null, fields: {}, statusId: "1", assigneeAccountId: "sandbox-sam" });
  await store.createIssue({ projectId: "10001", projectKey: "OPS", summary: "Rotate the payment gateway credentials", description: null, fields: {}, statusId: "1", assigneeAccountId: null });

  // Jira → Tether: someone takes an issue in Jira, and another is finished there.
  if (linkedKeys[0]) await changeSandboxJiraIssue(db, { organizationId, key: linkedKeys[0], change: { assigneeAccountId: "sandbox-maya", statusId: "3" } }, deliver);
  if (linkedKeys[3]) await changeSandboxJiraIssue(db, { organizationId, key: linkedKeys[3], change: { statusId: "10101" } }, deliver);
  // Tether → Jira: an assignment in the dashboard goes out through the queue.
  if (groups[1] && userId) {
    await assignGroup(db, { organizationId, groupId: groups[1].id, assignee: { type: "user", id: userId }, actor: { userId }, source: { kind: "dashboard" } });
  }
}

/**
 * At server start: the sandbox site installed, linked to the demo organization and, once, seeded.
 * Off (TETHER_SANDBOX=0, or demo data off) it does nothing at all.
 */
export async function startSandboxJira(db: Db, deliver?: DeliverToTether): Promise<SandboxStartOutcome> {
  if (!sandboxEnabled()) return { status: "off" };
  const organization = await db.organization.findUnique({ where: { slug: DEMO_ORGANIZATION_SLUG }, select: { id: true } });
  if (!organization) return { status: "no_demo_organization" };
  const site = await ensureSandboxJiraSite(db);
  const integrationId = await ensureInstalled(db, site, deliver);
  await linkJiraSiteToOrganization(db, { clientKey: site.clientKey, organizationId: organization.id });
  // Links made before they pointed at the public address (or under another one) are put right.
  await refreshSandboxIssueLinks(db, integrationId);
  // One instance seeds, under a claim it renews while it works: given back if seeding fails, taken
  // over by a later start if its process died; seededAt is set only once seeding has finished.
  const claim = await claimSandboxSeeding(db);
  if (!claim) return { status: "ready", integrationId, seeded: false };
  const renewal = setInterval(() => {
    renewSandboxSeeding(db, claim).catch((err: unknown) => logger.warn({ err }, "sandbox Jira: could not renew the seeding claim"));
  }, SANDBOX_SEED_LEASE_MS / 4);
  try {
    const demoUser = await db.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } });
    await seedDemoLinks(db, { organizationId: organization.id, integrationId, userId: demoUser?.id ?? null }, deliver);
  } catch (error) {
    clearInterval(renewal);
    await releaseSandboxSeeding(db, claim);
    throw error;
  }
  clearInterval(renewal);
  if (!(await finishSandboxSeeding(db, claim))) logger.warn({ integrationId }, "sandbox Jira: another instance took over the seeding claim while this one seeded");
  logger.info({ integrationId }, "sandbox Jira site installed and linked to the demo organization");
  return { status: "ready", integrationId, seeded: true };
}
