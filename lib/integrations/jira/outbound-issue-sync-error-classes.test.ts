import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { FakeJira, FAKE_STATUSES } from "@/e2e/fakes/fake-jira";
import { sealSecrets } from "@/lib/crypto/secrets";
import { resolveGroup } from "@/lib/domain/group-actions";
import { createIssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { startJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { jiraIssueSyncProvider } from "./outbound-issue-sync";

// Defect 13 (issue 9): a transitions answer whose `to` had only an `id` was refused as "unexpected"
// and retried six times; an answer that cannot change must not be retried at all, while outages,
// rate limits and conflicts still are.

describe.each(await testDatabaseKinds())("outbound Jira errors, permanent or transient, on %s", (kind) => {
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
    const link = await db.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId, config: { sync_status_forward: true } } });
    await db.integrationExternalProject.create({ data: { organizationIntegrationId: link.id, externalId: "10000", resolvedStatus: "10101", unresolvedStatus: "1" } });
    queue = await startJobQueue(database, {
      providers: createIssueSyncProviderRegistry({ jira: jiraIssueSyncProvider }),
      retryDelaySeconds: 1,
      retryDelayMaxSeconds: 1,
      pollingIntervalSeconds: 0.5,
      maxAttempts: 3,
    });
  });
  afterAll(async () => {
    await queue.stop();
    await database.close();
    await jira.stop();
  });

  async function resolvedLinkedGroup() {
    const group = await createGroup(database.prisma, org.project.id);
    const issue = jira.addIssue();
    const external = await database.prisma.externalIssue.create({ data: { organizationId: org.organization.id, integrationId, key: issue.key } });
    await database.prisma.groupLink.create({ data: { groupId: group.id, externalIssueId: external.id } });
    return { group, issue, resolve: () => resolveGroup(database.prisma, { organizationId: org.organization.id, groupId: group.id, actor: { userId: org.users[0].id }, source: { kind: "dashboard" } }) };
  }
  const history = async (groupId: string) =>
    (await database.prisma.syncEvent.findMany({ where: { groupId, direction: "outbound" }, orderBy: { createdAt: "asc" } })).map((e) => ({ outcome: e.outcome, attempt: e.attempt, error: e.error, reason: e.reason }));
  const settled = async (groupId: string) => {
    await expect.poll(async () => (await history(groupId)).at(-1)?.outcome, { timeout: 15_000 }).toMatch(/applied|failed|skipped/);
    // A wrongly retried job would add rows within a retry delay.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    return history(groupId);
  };
  const calls = (path: string) => jira.requests.filter((r) => r.method === "GET" && r.path === path).length;

  it("defect 13: a transitions answer whose `to` has only an id is used, not refused", async () => {
    const { group, issue, resolve } = await resolvedLinkedGroup();
    const onlyIds = FAKE_STATUSES.filter((s) => s.id !== issue.statusId).map((s) => ({ id: `t-${s.id}`, to: { id: s.id } }));
    jira.failNext(`GET /rest/api/2/issue/${issue.key}/transitions`, { status: 200, body: { transitions: onlyIds }, times: 6 });
    await resolve();
    const rows = await settled(group.id);
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([["applied", 1]]);
    expect(issue.statusId).toBe("10101");
  });

  it("defect 13: an answer of the wrong shape fails at once with its reason, without retries", async () => {
    const { group, issue, resolve } = await resolvedLinkedGroup();
    const path = `/rest/api/2/issue/${issue.key}/transitions`;
    jira.failNext(`GET ${path}`, { status: 200, body: { transitions: "none" }, times: 6 });
    const before = calls(path);
    await resolve();
    const rows = await settled(group.id);
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([["failed", 1]]);
    expect(rows[0].error).toMatch(/Unexpected response from Jira for GET .*transitions: transitions/);
    expect(calls(path) - before).toBe(1);
  });

  it("defect 13: a 4xx that cannot change (400, 404) fails at once", async () => {
    for (const status of [400, 404]) {
      const { group, issue, resolve } = await resolvedLinkedGroup();
      jira.failNext(`GET /rest/api/2/issue/${issue.key}`, { status, times: 6 });
      await resolve();
      const rows = await settled(group.id);
      expect(rows.map((r) => [r.outcome, r.attempt]), String(status)).toEqual([["failed", 1]]);
      expect(rows[0].error).toBeTruthy();
    }
  });

  it("defect 13: outages and conflicts (500, 503, 409, 408) are retried and then applied", async () => {
    for (const status of [500, 503, 409, 408]) {
      const { group, issue, resolve } = await resolvedLinkedGroup();
      jira.failNext(`GET /rest/api/2/issue/${issue.key}/transitions`, { status });
      await resolve();
      const rows = await settled(group.id);
      expect(rows.map((r) => [r.outcome, r.attempt]), String(status)).toEqual([
        ["retrying", 1],
        ["applied", 2],
      ]);
    }
  });
});
