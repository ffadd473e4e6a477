import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { assignGroup } from "@/lib/domain/group-actions/assign-group";
import { resolveGroup } from "@/lib/domain/group-actions/resolve-group";
import { retryFailedSync } from "@/lib/domain/sync-history/retry-failed-sync";
import { createIssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { FakeProviderServer, fakeIssueSyncProvider } from "@/e2e/fakes/fake-provider-server";
import { startJobQueue, type JobQueue, type JobQueueOptions } from "./job-queue";
import { waitFor } from "@/lib/testing/wait-for";

const fake = new FakeProviderServer();
const providers = createIssueSyncProviderRegistry({ jira: fakeIssueSyncProvider(() => fake.url) });
const dashboard = { kind: "dashboard" as const };

describe.each(await testDatabaseKinds())("outbound sync queue on %s", (kind) => {
  let database: Database;
  let queue: JobQueue | null = null;
  const start = async (options: JobQueueOptions = {}) => {
    queue = await startJobQueue(database, { providers, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, maxAttempts: 4, ...options });
    return queue;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await fake.start();
  });
  afterEach(async () => {
    await queue?.stop();
    queue = null;
    fake.calls.length = 0;
  });
  afterAll(async () => {
    await fake.stop();
    await database.close();
  });

  async function linkedGroup(config: Record<string, unknown> = { sync_forward_assignment: true, sync_status_forward: true }) {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 2 });
    const group = await createGroup(db, world.project.id);
    const { externalIssue, integration } = await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config });
    return { db, world, group, externalIssue, integration, ref: { organizationId: world.organization.id, groupId: group.id } };
  }

  const attempts = (groupId: string) =>
    database.prisma.syncEvent.findMany({ where: { groupId, outcome: { not: "pending" } }, orderBy: [{ createdAt: "asc" }, { attempt: "asc" }] });

  it("pushes an assignment to the provider and records the attempt", async () => {
    await start();
    const { db, world, group, externalIssue, ref } = await linkedGroup();
    await assignGroup(db, { ...ref, assignee: { type: "user", id: world.users[0].id }, actor: { system: true }, source: dashboard });
    const [applied] = await waitFor(() => attempts(group.id), (rows) => rows.length >= 1);
    expect(applied).toMatchObject({ outcome: "applied", attempt: 1, kind: "assignee", externalKey: externalIssue.key });
    expect(applied.jobId).toBeTruthy();
    expect(applied.durationMs).toBeGreaterThanOrEqual(0);
    expect(fake.calls).toEqual([{ method: "PUT", path: `/issue/${externalIssue.key}/assignee`, body: { email: world.users[0].email, attempt: 1 } }]);
    // The change's outbox row became the attempt's record: nothing is left "pending".
    expect(await db.syncEvent.count({ where: { groupId: group.id, outcome: "pending" } })).toBe(0);
    expect(await db.syncEvent.count({ where: { groupId: group.id, direction: "outbound" } })).toBe(1);
  });

  it("retries a 500 with backoff until it goes through", async () => {
    await start();
    const { db, group, ref } = await linkedGroup();
    fake.failNext(2, 500);
    await resolveGroup(db, { ...ref, actor: { system: true }, source: dashboard });
    const rows = await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "applied"));
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retrying", 1],
      ["retrying", 2],
      ["applied", 3],
    ]);
    expect(rows[0].error).toBe("provider answered 500");
    expect(fake.calls.map((c) => c.body)).toEqual([1, 2, 3].map((attempt) => ({ status: "resolved", attempt })));
    // Backoff: the third attempt waited longer after the second than the second after the first.
    expect(rows[2].createdAt.getTime() - rows[0].createdAt.getTime()).toBeGreaterThanOrEqual(1000);
  });

  it("honours Retry-After from a 429", async () => {
    await start();
    const { db, group, ref } = await linkedGroup();
    fake.failNext(1, 429, { "retry-after": "2" });
    await resolveGroup(db, { ...ref, actor: { system: true }, source: dashboard });
    const rows = await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "applied"));
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retrying", 1],
      ["applied", 2],
    ]);
    expect(rows[0].reason).toBe("provider asked to wait 2s");
    expect(rows[1].createdAt.getTime() - rows[0].createdAt.getTime()).toBeGreaterThanOrEqual(1900);
  });

  it("ends in failed after the last attempt, and retryFailedSync sends the current state", async () => {
    await start({ maxAttempts: 2 });
    const { db, world, group, externalIssue, ref } = await linkedGroup();
    fake.failNext(2, 500);
    await assignGroup(db, { ...ref, assignee: { type: "user", id: world.users[0].id }, actor: { system: true }, source: dashboard });
    const rows = await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "failed"));
    expect(rows.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retrying", 1],
      ["failed", 2],
    ]);
    const failed = rows[1];
    expect(failed.error).toBe("provider answered 500");
    expect(failed.reason).toBe("gave up after 2 attempts");
    // pg-boss keeps the job as failed too (its dead-letter state).
    await waitFor(() => queue!.boss.getJobById("tether-outbound-sync", failed.jobId ?? "").then((job) => job?.state), (state) => state === "failed", 5000);
    // The assignee changed meanwhile (through the same Jira, so no new job): the retry sends the newest state.
    await assignGroup(db, {
      ...ref,
      assignee: { type: "user", id: world.users[1].id },
      actor: { system: true },
      source: { kind: "integration", integrationId: externalIssue.integrationId },
    });
    await retryFailedSync(db, failed.id, { organizationId: world.organization.id });
    await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "applied"));
    expect(fake.calls.at(-1)?.body).toEqual({ email: world.users[1].email, attempt: 1 });
    await expect(retryFailedSync(db, failed.id, { organizationId: "other-org" })).rejects.toMatchObject({ status: 404 });
  });

  it("a 401 fails at once without retries", async () => {
    await start();
    const { db, group, ref } = await linkedGroup();
    fake.failNext(1, 401);
    await resolveGroup(db, { ...ref, actor: { system: true }, source: dashboard });
    const rows = await waitFor(() => attempts(group.id), (r) => r.length >= 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await attempts(group.id)).map((r) => [r.outcome, r.reason])).toEqual([["failed", "not retryable"]]);
    expect(rows[0].error).toBe("provider refused our credentials");
  });

  it("coalesces changes waiting for one issue into one job that sends the newest state", async () => {
    await start({ work: false });
    const { db, world, group, externalIssue, ref } = await linkedGroup();
    for (const user of [...world.users, world.users[0]]) {
      await assignGroup(db, { ...ref, assignee: { type: "user", id: user.id }, actor: { system: true }, source: dashboard });
    }
    const outbox = await db.syncEvent.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(outbox.map((r) => r.outcome)).toEqual(["pending", "skipped", "skipped"]);
    await queue?.stop();
    await start();
    await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "applied"));
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.calls).toEqual([{ method: "PUT", path: `/issue/${externalIssue.key}/assignee`, body: { email: world.users[0].email, attempt: 1 } }]);
  });

  it("shares the queue between two instances: every job is sent exactly once", async () => {
    const other = await startJobQueue(database, { providers, pollingIntervalSeconds: 0.5, batchSize: 2 });
    try {
      await start({ batchSize: 2 });
      const groups = [];
      for (let i = 0; i < 12; i++) groups.push(await linkedGroup());
      await Promise.all(groups.map(({ db, ref }) => resolveGroup(db, { ...ref, actor: { system: true }, source: dashboard })));
      for (const { group } of groups) await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "applied"));
      await new Promise((r) => setTimeout(r, 1000));
      expect(fake.calls).toHaveLength(12);
      expect(new Set(fake.calls.map((c) => c.path)).size).toBe(12);
    } finally {
      await other.stop();
    }
  });

  it("loses nothing across a restart: queued jobs and outbox rows left by a stopped queue", async () => {
    await start({ work: false });
    const groups = [];
    for (let i = 0; i < 5; i++) groups.push(await linkedGroup());
    for (const { db, ref } of groups) await resolveGroup(db, { ...ref, actor: { system: true }, source: dashboard });
    await queue?.stop();
    queue = null;
    // No queue at all now: the changes wait in the outbox.
    const late = await linkedGroup();
    await resolveGroup(late.db, { ...late.ref, actor: { system: true }, source: dashboard });
    expect((await late.db.syncEvent.findFirstOrThrow({ where: { groupId: late.group.id } })).jobId).toBeNull();
    await start();
    for (const { group } of [...groups, late]) {
      await waitFor(() => attempts(group.id), (r) => r.some((e) => e.outcome === "applied"));
    }
    expect(fake.calls).toHaveLength(6);
  });
});
