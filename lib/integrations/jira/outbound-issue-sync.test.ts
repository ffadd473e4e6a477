import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { sealSecrets } from "@/lib/crypto/secrets";
import { assignGroup, deassignGroup, resolveGroup, unresolveGroup } from "@/lib/domain/group-actions";
import { createIssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { startJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { jiraIssueSyncProvider } from "./outbound-issue-sync";

describe.each(await testDatabaseKinds())("outbound sync to Jira through the queue on %s", (kind) => {
  let database: Database;
  let queue: JobQueue;
  const jira = new FakeJira();
  let integrationId: string;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;

  beforeAll(async () => {
    await jira.start();
    jira.sharedSecret = `secret-${randomUUID()}`;
    database = await createTestDatabase(kind);
    const db = database.prisma;
    integrationId = (
      await db.integration.create({
        data: { provider: "jira", externalId: jira.clientKey, name: "Fake Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
      })
    ).id;
    org = await createOrganizationWithProject(db, { members: 1 });
    const link = await db.organizationIntegration.create({
      data: { organizationId: org.organization.id, integrationId, config: { sync_forward_assignment: true, sync_status_forward: true } },
    });
    await db.integrationExternalProject.create({ data: { organizationIntegrationId: link.id, externalId: "10000", resolvedStatus: "10101", unresolvedStatus: "1" } });
    queue = await startJobQueue(database, {
      providers: createIssueSyncProviderRegistry({ jira: jiraIssueSyncProvider }),
      retryDelaySeconds: 1,
      retryDelayMaxSeconds: 2,
      pollingIntervalSeconds: 0.5,
      maxAttempts: 3,
    });
  });
  afterAll(async () => {
    await queue.stop();
    await database.close();
    await jira.stop();
  });

  async function linkedGroup() {
    const group = await createGroup(database.prisma, org.project.id);
    const issue = jira.addIssue();
    const external = await database.prisma.externalIssue.create({ data: { organizationId: org.organization.id, integrationId, key: issue.key } });
    await database.prisma.groupLink.create({ data: { groupId: group.id, externalIssueId: external.id } });
    return { group, issue };
  }

  const actor = () => ({ userId: org.users[0].id });
  const ref = (groupId: string) => ({ organizationId: org.organization.id, groupId, actor: actor(), source: { kind: "dashboard" as const } });
  const outcomes = async (groupId: string) =>
    (await database.prisma.syncEvent.findMany({ where: { groupId, direction: "outbound" }, orderBy: { createdAt: "asc" } })).map((e) => e.outcome);

  it("pushes an assignment by verified email and a deassignment as null", async () => {
    const { group, issue } = await linkedGroup();
    const alice = await createMember(database.prisma, org.organization.id, { teamId: org.team.id, email: "alice@example.com" });
    await assignGroup(database.prisma, { ...ref(group.id), assignee: { type: "user", id: alice.id } });
    await expect.poll(() => issue.assigneeAccountId, { timeout: 10_000 }).toBe("acc-alice");
    await deassignGroup(database.prisma, ref(group.id));
    await expect.poll(() => issue.assigneeAccountId, { timeout: 10_000 }).toBeNull();
    await expect.poll(async () => (await outcomes(group.id)).filter((o) => o === "applied").length, { timeout: 10_000 }).toBe(2);
    const put = jira.requests.filter((r) => r.method === "PUT" && r.path.endsWith(`${issue.key}/assignee`));
    expect(put.map((r) => r.body)).toEqual([{ accountId: "acc-alice" }, { accountId: null }]);
  });

  it("transitions the Jira issue on resolve and on unresolve (regressions reopen it)", async () => {
    const { group, issue } = await linkedGroup();
    await resolveGroup(database.prisma, ref(group.id));
    await expect.poll(() => issue.statusId, { timeout: 10_000 }).toBe("10101");
    await unresolveGroup(database.prisma, ref(group.id));
    await expect.poll(() => issue.statusId, { timeout: 10_000 }).toBe("1");
  });

  it("waits as Jira asks on 429 and records each attempt", async () => {
    const { group, issue } = await linkedGroup();
    jira.failNext(`/rest/api/2/issue/${issue.key}/transitions`, { status: 429, retryAfter: 1 });
    await resolveGroup(database.prisma, ref(group.id));
    await expect.poll(() => issue.statusId, { timeout: 15_000 }).toBe("10101");
    // The attempt is recorded just after Jira answered, so wait for the record too.
    await expect.poll(async () => (await outcomes(group.id)).at(-1), { timeout: 10_000 }).toBe("applied");
    const rows = await database.prisma.syncEvent.findMany({ where: { groupId: group.id, direction: "outbound" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retrying", 1],
      ["applied", 2],
    ]);
    expect(rows[0].reason).toMatch(/wait 1s/);
  });

  it("fails with a clear message when Jira refuses the credentials, without retrying forever", async () => {
    const { group, issue } = await linkedGroup();
    const bob = await createMember(database.prisma, org.organization.id, { teamId: org.team.id, email: "bob@example.com" });
    jira.failNext(`/rest/api/2/issue/${issue.key}/assignee`, { status: 401, times: 5 });
    await assignGroup(database.prisma, { ...ref(group.id), assignee: { type: "user", id: bob.id } });
    await expect.poll(async () => (await outcomes(group.id)).at(-1), { timeout: 10_000 }).toBe("failed");
    const failed = await database.prisma.syncEvent.findFirstOrThrow({ where: { groupId: group.id, outcome: "failed" } });
    expect(failed.error).toMatch(/401/);
  });

  it("skips users Jira does not know and never pushes team assignments", async () => {
    const { group } = await linkedGroup();
    const stranger = await createMember(database.prisma, org.organization.id, { teamId: org.team.id, email: "nobody@example.com" });
    await assignGroup(database.prisma, { ...ref(group.id), assignee: { type: "user", id: stranger.id } });
    await expect.poll(async () => (await outcomes(group.id)).at(-1), { timeout: 10_000 }).toBe("skipped");
    const skipped = await database.prisma.syncEvent.findFirstOrThrow({ where: { groupId: group.id, outcome: "skipped" } });
    expect(skipped.reason).toMatch(/sync target not found/);
    const before = (await outcomes(group.id)).length;
    await assignGroup(database.prisma, { ...ref(group.id), assignee: { type: "team", id: org.team.id } });
    expect((await outcomes(group.id)).length).toBe(before);
  });
});
