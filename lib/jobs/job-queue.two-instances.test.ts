import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { resolveGroup } from "@/lib/domain/group-actions/resolve-group";
import { createIssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { createTestDatabase, openAnotherInstance, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { FakeProviderServer, fakeIssueSyncProvider } from "@/e2e/fakes/fake-provider-server";
import { outboxJobId, startJobQueue, type JobQueue } from "./job-queue";
import { runOutboundSyncAttempt } from "./definitions/issue-sync";

const fake = new FakeProviderServer();
const providers = createIssueSyncProviderRegistry({ jira: fakeIssueSyncProvider(() => fake.url) });
const postgres = (await testDatabaseKinds()).includes("postgres");

// Two servers of one build share a PostgreSQL database: each has its own Prisma client and pg-boss.
describe.skipIf(!postgres)("defect 16 (scale-out): outbound outbox on two instances", () => {
  let first: Database;
  let second: Database;

  beforeAll(async () => {
    first = await createTestDatabase("postgres");
    second = await openAnotherInstance(first);
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
    await second?.close();
    await first?.close();
  });

  it("defect 16: two instances sweeping the same pending outbox rows send each row exactly once", async () => {
    const db = first.prisma;
    const groups: { groupId: string; key: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const world = await createOrganizationWithProject(db, { members: 1 });
      const group = await createGroup(db, world.project.id);
      const { externalIssue } = await linkExternalIssue(db, {
        organizationId: world.organization.id,
        groupId: group.id,
        config: { sync_status_forward: true },
      });
      // No queue runs yet: the change waits in the outbox, as after a crash.
      await resolveGroup(db, { organizationId: world.organization.id, groupId: group.id, actor: { system: true }, source: { kind: "dashboard" } });
      groups.push({ groupId: group.id, key: externalIssue.key });
    }
    expect(await db.syncEvent.count({ where: { outcome: "pending", jobId: null } })).toBe(20);

    const options = { providers, pollingIntervalSeconds: 0.5, batchSize: 1, localConcurrency: 4 };
    const queues: JobQueue[] = await Promise.all([startJobQueue(first, options), startJobQueue(second, options)]);
    try {
      // Both instances keep sweeping while the other's workers are already taking jobs.
      for (let round = 0; round < 5; round++) {
        await Promise.all(queues.map((queue) => queue.sweepPending()));
      }
      const deadline = Date.now() + 30_000;
      while ((await db.syncEvent.count({ where: { outcome: "applied" } })) < 20 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 1500));
      const puts = fake.calls.map((c) => c.path).sort();
      expect(puts).toEqual(groups.map((g) => `/issue/${g.key}/status`).sort());
      for (const { groupId } of groups) {
        const events = await db.syncEvent.findMany({ where: { groupId, direction: "outbound" } });
        expect(events.map((e) => e.outcome)).toEqual(["applied"]);
      }
    } finally {
      await Promise.all(queues.map((queue) => queue.stop()));
    }
  });

  it("defect 16: a job run again for a row already sent, or a second job for it, sends nothing", async () => {
    const db = first.prisma;
    const world = await createOrganizationWithProject(db, { members: 1 });
    const group = await createGroup(db, world.project.id);
    const { externalIssue, integration } = await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config: { sync_status_forward: true } });
    await resolveGroup(db, { organizationId: world.organization.id, groupId: group.id, actor: { system: true }, source: { kind: "dashboard" } });
    const row = await db.syncEvent.findFirstOrThrow({ where: { groupId: group.id, outcome: "pending" } });
    const data = {
      organizationId: world.organization.id,
      groupId: group.id,
      kind: "status" as const,
      externalIssueId: externalIssue.id,
      integrationId: integration.id,
      provider: integration.provider,
      attemptOffset: 0,
      syncEventId: row.id,
    };
    const before = fake.calls.length;
    const job = { id: outboxJobId(row.id), data, retryCount: 0 };
    // The job ran before its sender recorded the job id on the row: it settles the row itself.
    expect(await runOutboundSyncAttempt(db, providers, job, 3)).toEqual({ next: "done" });
    expect(await db.syncEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ outcome: "applied", jobId: job.id });
    // The worker died before completing it, so pg-boss runs it again; and a stray second job for the row.
    expect(await runOutboundSyncAttempt(db, providers, { ...job, retryCount: 1 }, 3)).toEqual({ next: "done" });
    expect(await runOutboundSyncAttempt(db, providers, { ...job, id: crypto.randomUUID() }, 3)).toEqual({ next: "done" });
    expect(fake.calls.length - before).toBe(1);
    expect((await db.syncEvent.findMany({ where: { groupId: group.id } })).map((e) => e.outcome)).toEqual(["applied"]);
  });
});
