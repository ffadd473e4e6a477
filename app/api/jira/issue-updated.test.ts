import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { FakeJira, type FakeJiraIssue } from "@/e2e/fakes/fake-jira";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject, createRelease } from "@/lib/testing/group-fixtures";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { forgetDoneStatuses } from "@/lib/integrations/jira/done-statuses";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { POST as installed } from "./installed/route";
import { POST as issueUpdated } from "./issue-updated/route";

const BASE = "https://tether.test";
const WEBHOOK_URL = `${BASE}/api/jira/issue-updated`;
const noParams = { params: Promise.resolve({}) };

describe.each(await testDatabaseKinds())("Jira issue-updated webhook on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  let integrationId: string;

  beforeAll(async () => {
    await jira.start();
    process.env.JIRA_CONNECT_KEYS_URL = jira.installKeysUrl;
    clearInstallKeyCache();
    database = await createTestDatabase(kind);
    setDatabase(database);
    const payload = jira.installPayload(`secret-${randomUUID()}`);
    const token = await jira.signInstall("POST", `${BASE}/api/jira/installed`, BASE);
    const response = await installed(
      new Request(`${BASE}/api/jira/installed`, { method: "POST", headers: { authorization: `JWT ${token}` }, body: JSON.stringify(payload) }),
      noParams,
    );
    expect(response.status).toBe(200);
    jira.sharedSecret = payload.sharedSecret;
    integrationId = (await database.prisma.integration.findFirstOrThrow({ where: { externalId: jira.clientKey } })).id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  });
  beforeEach(() => forgetDoneStatuses());

  /** An organization linked to the Jira site, a group linked to a fresh Jira issue. */
  async function scenario(config: Record<string, unknown> = {}) {
    const org = await createOrganizationWithProject(database.prisma);
    const link = await linkJiraSiteToOrganization(database.prisma, { clientKey: jira.clientKey, organizationId: org.organization.id });
    await database.prisma.organizationIntegration.update({
      where: { id: link.id },
      data: { config: { sync_reverse_assignment: true, sync_status_reverse: true, sync_forward_assignment: true, sync_status_forward: true, ...config } },
    });
    const group = await createGroup(database.prisma, org.project.id);
    const issue = jira.addIssue();
    const external = await database.prisma.externalIssue.create({ data: { organizationId: org.organization.id, integrationId, key: issue.key } });
    await database.prisma.groupLink.create({ data: { groupId: group.id, externalIssueId: external.id } });
    return { ...org, group, issue, external };
  }

  async function deliver(body: unknown, options: { token?: string | null; deliveryId?: string } = {}) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const token = options.token === undefined ? await jira.signWebhook("POST", WEBHOOK_URL) : options.token;
    if (token !== null) headers.authorization = `JWT ${token}`;
    if (options.deliveryId) headers["x-atlassian-webhook-identifier"] = options.deliveryId;
    return issueUpdated(new Request(WEBHOOK_URL, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), noParams);
  }

  function assigneeChange(issue: FakeJiraIssue, accountId: string | null) {
    issue.assigneeAccountId = accountId;
    issue.updated = new Date().toISOString();
    return jira.issueUpdatedPayload(issue, [{ field: "assignee", from: null, to: accountId }]);
  }

  /** Users are global: the same person (one email) joins each scenario's organization. */
  async function memberWithEmail(organizationId: string, email: string, teamId?: string) {
    const user =
      (await database.prisma.user.findUnique({ where: { email } })) ??
      (await database.prisma.user.create({ data: { email, emails: { create: { email, isVerified: true } } } }));
    const member = await database.prisma.organizationMember.create({ data: { organizationId, userId: user.id } });
    if (teamId) await database.prisma.teamMember.create({ data: { teamId, memberId: member.id } });
    return user;
  }

  const assigneeOf = async (groupId: string) => (await database.prisma.groupAssignee.findUnique({ where: { groupId } }))?.userId ?? null;

  it("answers 401 for every authentication failure and records nothing", async () => {
    const s = await scenario();
    const body = assigneeChange(s.issue, "acc-alice");
    const before = await database.prisma.syncEvent.count();
    const cases: (string | null)[] = [
      null,
      "not-a-jwt",
      await jira.signWebhook("POST", WEBHOOK_URL, { secret: "wrong-secret" }),
      await jira.signWebhook("POST", WEBHOOK_URL, { expiresIn: -5 }),
      await jira.signWebhook("POST", WEBHOOK_URL, { qsh: null }),
      await jira.signWebhook("POST", `${WEBHOOK_URL}?other=1`),
    ];
    for (const token of cases) {
      const response = await deliver(body, { token });
      expect(response.status, String(token)).toBe(401);
      expect(((await response.json()) as { detail: string }).detail).toBeTruthy();
    }
    expect(await database.prisma.syncEvent.count()).toBe(before);
    expect(await assigneeOf(s.group.id)).toBeNull();
  });

  it("assigns by the payload email (case-insensitive, verified, on a project team) and records the sync", async () => {
    const s = await scenario();
    const alice = await memberWithEmail(s.organization.id, "alice@example.com", s.team.id);
    const response = await deliver(assigneeChange(s.issue, "acc-alice"));
    expect(response.status).toBe(200);
    expect(await assigneeOf(s.group.id)).toBe(alice.id);
    const activity = await database.prisma.activity.findFirstOrThrow({ where: { groupId: s.group.id, type: "assigned" } });
    expect(activity.data).toMatchObject({ assignee: alice.id, source: { kind: "integration", integrationId } });
    const events = await database.prisma.syncEvent.findMany({ where: { groupId: s.group.id } });
    expect(events.map((e) => [e.direction, e.kind, e.outcome])).toEqual([["inbound", "assignee", "applied"]]);
  });

  it("looks the email up when Jira hides it, with exactly one extra call", async () => {
    const s = await scenario();
    const bob = await memberWithEmail(s.organization.id, "bob@example.com", s.team.id);
    const calls = () => jira.requests.filter((r) => r.path === "/rest/api/3/user/email").length;
    const before = calls();
    expect((await deliver(assigneeChange(s.issue, "acc-bob"))).status).toBe(200);
    expect(calls() - before).toBe(1);
    expect(await assigneeOf(s.group.id)).toBe(bob.id);
  });

  it("answers 200 with the spec's error_message when the email lookup fails", async () => {
    const s = await scenario();
    jira.failNext("/rest/api/3/user/email", { status: 500 });
    expect(await (await deliver(assigneeChange(s.issue, "acc-bob"))).json()).toEqual({ error_message: "Cannot reach host to get email." });
    jira.failNext("/rest/api/3/user/email", { status: 403 });
    expect(await (await deliver(assigneeChange(s.issue, "acc-bob"))).json()).toEqual({ error_message: "User lacks permissions to get email." });
    expect(await assigneeOf(s.group.id)).toBeNull();
  });

  it("deassigns when the assignee is null or absent, and ignores unverified or off-project users", async () => {
    const s = await scenario();
    const alice = await memberWithEmail(s.organization.id, "alice@example.com", s.team.id);
    await deliver(assigneeChange(s.issue, "acc-alice"));
    expect(await assigneeOf(s.group.id)).toBe(alice.id);
    await deliver(assigneeChange(s.issue, null));
    expect(await assigneeOf(s.group.id)).toBeNull();
    await deliver(assigneeChange(s.issue, "acc-alice"));
    const absent = assigneeChange(s.issue, null) as { issue: { fields: Record<string, unknown> } };
    delete absent.issue.fields.assignee;
    await deliver(absent);
    expect(await assigneeOf(s.group.id)).toBeNull();

    const other = await scenario();
    await memberWithEmail(other.organization.id, "alice@example.com"); // in the org, on no team
    await deliver(assigneeChange(other.issue, "acc-alice"));
    expect(await assigneeOf(other.group.id)).toBeNull();
    const skipped = await database.prisma.syncEvent.findFirstOrThrow({ where: { groupId: other.group.id } });
    expect([skipped.outcome, skipped.reason]).toEqual(["skipped", expect.stringContaining("assignee not found")]);
  });

  it("fans out to every linked organization with reverse assignment sync, and to none without it", async () => {
    const a = await scenario();
    const b = await scenario();
    const off = await scenario({ sync_reverse_assignment: false });
    // The same Jira issue is linked in all three organizations.
    for (const s of [b, off]) {
      const external = await database.prisma.externalIssue.create({ data: { organizationId: s.organization.id, integrationId, key: a.issue.key } });
      await database.prisma.groupLink.create({ data: { groupId: s.group.id, externalIssueId: external.id } });
    }
    const shared = await database.prisma.user.create({ data: { email: "carol@example.com", emails: { create: { email: "carol@example.com", isVerified: true } } } });
    for (const s of [a, b, off]) {
      const member = await database.prisma.organizationMember.create({ data: { organizationId: s.organization.id, userId: shared.id } });
      await database.prisma.teamMember.create({ data: { teamId: s.team.id, memberId: member.id } });
    }
    jira.users.push({ accountId: "acc-carol", displayName: "Carol", email: "carol@example.com" });
    await deliver(assigneeChange(a.issue, "acc-carol"));
    expect(await assigneeOf(a.group.id)).toBe(shared.id);
    expect(await assigneeOf(b.group.id)).toBe(shared.id);
    expect(await assigneeOf(off.group.id)).toBeNull();
  });

  it("never echoes an inbound change back to the same Jira", async () => {
    const s = await scenario();
    await memberWithEmail(s.organization.id, "alice@example.com", s.team.id);
    await deliver(assigneeChange(s.issue, "acc-alice"));
    const outbound = await database.prisma.syncEvent.count({ where: { groupId: s.group.id, direction: "outbound" } });
    expect(outbound).toBe(0);
  });

  it("writes nothing for a re-delivery with the same webhook identifier", async () => {
    const s = await scenario();
    await memberWithEmail(s.organization.id, "alice@example.com", s.team.id);
    const body = assigneeChange(s.issue, "acc-alice");
    const id = randomUUID();
    expect((await deliver(body, { deliveryId: id })).status).toBe(200);
    const counts = async () => [await database.prisma.syncEvent.count(), await database.prisma.activity.count(), await database.prisma.groupHistory.count()];
    const after = await counts();
    const again = await deliver(body, { deliveryId: id });
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await counts()).toEqual(after);
  });

  it("skips a stale, out-of-order webhook", async () => {
    const s = await scenario();
    const alice = await memberWithEmail(s.organization.id, "alice@example.com", s.team.id);
    const older = assigneeChange(s.issue, null);
    (older.issue.fields as { updated: string }).updated = new Date(Date.now() - 60_000).toISOString();
    await deliver(assigneeChange(s.issue, "acc-alice"));
    await deliver(older);
    expect(await assigneeOf(s.group.id)).toBe(alice.id);
    const last = await database.prisma.syncEvent.findFirstOrThrow({ where: { groupId: s.group.id }, orderBy: { createdAt: "desc" } });
    expect(last.reason).toMatch(/stale/);
  });

  it("keeps the newer assignee when an older webhook arrives at the same time", async () => {
    const s = await scenario();
    const alice = await memberWithEmail(s.organization.id, "alice@example.com", s.team.id);
    const bob = await memberWithEmail(s.organization.id, "bob@example.com", s.team.id);
    const base = Date.now();
    for (let round = 1; round <= 12; round++) {
      // Each round is newer than the last; within it, the older delivery goes out first.
      const [newer, older] = round % 2 ? [alice, bob] : [bob, alice];
      const at = (offsetMs: number) => new Date(base + round * 10_000 + offsetMs).toISOString();
      const olderBody = assigneeChange(s.issue, older === alice ? "acc-alice" : "acc-bob");
      (olderBody.issue.fields as { updated: string }).updated = at(0);
      const newerBody = assigneeChange(s.issue, newer === alice ? "acc-alice" : "acc-bob");
      (newerBody.issue.fields as { updated: string }).updated = at(1);
      const responses = await Promise.all([deliver(olderBody), deliver(newerBody)]);
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect(await assigneeOf(s.group.id), `round ${round}`).toBe(newer.id);
    }
  });

  function statusChange(issue: FakeJiraIssue, from: string, to: string) {
    issue.statusId = to;
    return jira.issueUpdatedPayload(issue, [{ field: "status", from, to }]);
  }

  it("resolves and unresolves only on crossings of the done category", async () => {
    const s = await scenario();
    const status = async () => (await database.prisma.group.findUniqueOrThrow({ where: { id: s.group.id } })).status;
    await deliver(statusChange(s.issue, "1", "3"));
    expect(await status()).toBe("unresolved");
    await deliver(statusChange(s.issue, "3", "10101"));
    expect(await status()).toBe("resolved");
    const activities = await database.prisma.activity.count({ where: { groupId: s.group.id } });
    await deliver(statusChange(s.issue, "10101", "10102"));
    expect(await database.prisma.activity.count({ where: { groupId: s.group.id } })).toBe(activities);
    await deliver(statusChange(s.issue, "10102", "1"));
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: s.group.id } });
    expect([group.status, group.substatus]).toEqual(["unresolved", "ongoing"]);
    expect(await database.prisma.syncEvent.count({ where: { groupId: s.group.id, direction: "outbound" } })).toBe(0);
  });

  it("treats statuses the organization maps as resolved like done ([R])", async () => {
    const s = await scenario();
    const oi = await database.prisma.organizationIntegration.findFirstOrThrow({ where: { organizationId: s.organization.id } });
    await database.prisma.integrationExternalProject.create({
      data: { organizationIntegrationId: oi.id, externalId: "10000", resolvedStatus: "10101", unresolvedStatus: "1", extraResolvedStatuses: ["10200"] },
    });
    await deliver(statusChange(s.issue, "1", "10200"));
    expect((await database.prisma.group.findUniqueOrThrow({ where: { id: s.group.id } })).status).toBe("resolved");
  });

  it("resolves in the next release when the strategy says so and the project has a release", async () => {
    const s = await scenario({ resolution_strategy: "resolve_next_release" });
    await createRelease(database.prisma, s.project.id, "1.4.0");
    await deliver(statusChange(s.issue, "1", "10101"));
    const resolution = await database.prisma.groupResolution.findUniqueOrThrow({ where: { groupId: s.group.id } });
    expect(resolution.type).toBe("in_next_release");
    const noRelease = await scenario({ resolution_strategy: "resolve_next_release" });
    await deliver(statusChange(noRelease.issue, "1", "10101"));
    expect((await database.prisma.group.findUniqueOrThrow({ where: { id: noRelease.group.id } })).status).toBe("resolved");
    expect(await database.prisma.groupResolution.findUnique({ where: { groupId: noRelease.group.id } })).toBeNull();
  });

  it("answers a missing changelog with 200 and bad bodies with 400, writing nothing", async () => {
    const s = await scenario();
    const noChangelog = { ...jira.issueUpdatedPayload(s.issue, []), changelog: undefined };
    expect((await deliver(noChangelog)).status).toBe(200);
    const before = [await database.prisma.activity.count(), await database.prisma.groupAssignee.count()];
    expect((await deliver("{not json")).status).toBe(400);
    expect((await deliver({ changelog: { items: [{ field: "assignee" }] } })).status).toBe(400);
    expect((await deliver({ changelog: { items: "nope" }, issue: { key: "X-1" } })).status).toBe(400);
    expect([await database.prisma.activity.count(), await database.prisma.groupAssignee.count()]).toEqual(before);
  });
});
