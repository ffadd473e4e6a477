import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { resolveGroup } from "@/lib/domain/group-actions/resolve-group";
import { clearOutboxDispatcher } from "@/lib/domain/sync-history/outbox";
import { createIssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { createTestDatabase, openAnotherInstance, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { FakeProviderServer, fakeIssueSyncProvider } from "@/e2e/fakes/fake-provider-server";
import { startJobQueue, type JobQueue } from "../job-queue";
import { OUTBOUND_SYNC_SWEEP_JOB } from "./outbound-sync-sweep";
import { METRIC_ALERT_EVALUATION_JOB } from "./metric-alert-evaluation";
import { SIGN_IN_THROTTLE_CLEANUP_JOB } from "./sign-in-throttle-cleanup";
import { startScheduledJobs } from "./start-scheduled-jobs";

const fake = new FakeProviderServer();
const providers = createIssueSyncProviderRegistry({ jira: fakeIssueSyncProvider(() => fake.url) });
const postgres = (await testDatabaseKinds()).includes("postgres");

const until = async (condition: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await condition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
};

// Two servers of one build share a PostgreSQL database: each has its own Prisma client and pg-boss,
// and each runs pg-boss's cron passes (lowered to every second here so a tick is seen quickly).
describe.skipIf(!postgres)("scale-out: scheduled work on two instances", () => {
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

  it("scheduled work runs on one instance at a time: one outbound sweep job per tick across two instances, worked once", { timeout: 90_000 }, async () => {
    const db = first.prisma;
    const options = { providers, pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 };
    const queues: JobQueue[] = [await startJobQueue(first, options), await startJobQueue(second, options)];
    try {
      // A change whose hand-over to the queue was lost (the connection dropped after commit): only a
      // later sweep finds it.
      for (const queue of queues) clearOutboxDispatcher(queue.dispatch);
      const world = await createOrganizationWithProject(db, { members: 1 });
      const group = await createGroup(db, world.project.id);
      const { externalIssue } = await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config: { sync_status_forward: true } });
      await resolveGroup(db, { organizationId: world.organization.id, groupId: group.id, actor: { system: true }, source: { kind: "dashboard" } });
      await db.syncEvent.updateMany({ where: { groupId: group.id, outcome: "pending" }, data: { createdAt: new Date(Date.now() - 60_000) } });

      await startScheduledJobs(queues[0], first.prisma, { work: true, pollingIntervalSeconds: 0.5 });
      await startScheduledJobs(queues[1], second.prisma, { work: true, pollingIntervalSeconds: 0.5 });

      const sweepJobs = () =>
        db.$queryRawUnsafe<{ state: string; minute: string; retries: number; output: unknown }[]>(
          `SELECT state::text AS state, date_trunc('minute', created_on)::text AS minute, retry_count AS retries, output FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
          OUTBOUND_SYNC_SWEEP_JOB,
        );
      await until(async () => (await sweepJobs()).some((job) => job.state === "completed"), 70_000);
      await until(async () => (await db.syncEvent.count({ where: { groupId: group.id, outcome: "applied" } })) === 1, 10_000);
      // Several more cron passes from each instance inside the same tick add nothing.
      await new Promise((r) => setTimeout(r, 5_000));

      const jobs = await sweepJobs();
      const minutes = new Set(jobs.map((job) => job.minute));
      expect(jobs.length).toBeGreaterThanOrEqual(1);
      expect(jobs).toHaveLength(minutes.size);
      // Each one worked once, by one instance: no retry, and only the first run found the lost row.
      expect(jobs.every((job) => job.retries === 0)).toBe(true);
      expect(jobs.filter((job) => job.state === "completed").map((job) => (job.output as { dispatched: number }).dispatched)[0]).toBe(1);
      // Every schedule exists once, whichever instance wrote it last.
      const schedules = await db.$queryRawUnsafe<{ name: string; cron: string }[]>(`SELECT name, cron FROM pgboss.schedule ORDER BY name`);
      expect(schedules).toEqual([
        { name: METRIC_ALERT_EVALUATION_JOB, cron: "* * * * *" },
        { name: OUTBOUND_SYNC_SWEEP_JOB, cron: "* * * * *" },
        { name: SIGN_IN_THROTTLE_CLEANUP_JOB, cron: "*/10 * * * *" },
      ]);
      // The scheduled sweep picked up the lost hand-over, and its change went out once.
      expect(fake.calls.map((call) => call.path)).toEqual([`/issue/${externalIssue.key}/status`]);

      // The sign-in counter cleanup is a job like the sweep (its tick is every 10 minutes, so it is
      // sent here by hand): whichever instance takes it drops the lapsed counters.
      await db.signInThrottle.create({ data: { key: "account:lapsed@example.test", failures: 3, windowStart: new Date(Date.now() - 60 * 60_000) } });
      const cleanup = await queues[1].boss.send(SIGN_IN_THROTTLE_CLEANUP_JOB, {});
      if (!cleanup) throw new Error("cleanup job not sent");
      await until(async () => (await queues[0].boss.getJobById(SIGN_IN_THROTTLE_CLEANUP_JOB, cleanup))?.state === "completed", 15_000);
      expect((await queues[0].boss.getJobById(SIGN_IN_THROTTLE_CLEANUP_JOB, cleanup))?.output).toEqual({ dropped: 1 });
      expect(await db.signInThrottle.count()).toBe(0);
    } finally {
      await Promise.all(queues.map((queue) => queue.stop()));
    }
  });
});

// The embedded database runs pg-boss in-process: the same schedule fires there.
describe("scheduled work on the embedded database", () => {
  it("the outbound sweep job fires on its tick on PGlite", { timeout: 90_000 }, async () => {
    const database = await createTestDatabase("pglite");
    const queue = await startJobQueue(database, { providers, pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 });
    try {
      await startScheduledJobs(queue, database.prisma, { work: true, pollingIntervalSeconds: 0.5 });
      const completed = () =>
        database.prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND state::text = 'completed'`, OUTBOUND_SYNC_SWEEP_JOB);
      await until(async () => ((await completed())[0]?.count ?? 0) > 0, 70_000);
      expect((await completed())[0]?.count).toBeGreaterThan(0);
    } finally {
      await queue.stop();
      await database.close();
    }
  });
});
