import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { countProjectEvents } from "@/lib/domain/alerts/evaluate-metric-alerts";
import { storeEvents, type EventToStore } from "@/lib/domain/events/store-events";
import type { PreparedEvent } from "@/lib/domain/events/prepare-event";
import { createTestDatabase, postgresReachable } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { percentile } from "./percentile";

// The metric-alert aggregate (countProjectEvents: a project's events received in the last M
// minutes) on PostgreSQL with 1,000,000 events, generated in SQL. One project holds them all, the
// worst case for a per-project index: 90 % spread over the past week, 10 % a burst in the last ten
// minutes (what an alert is for). Timed through the real function (Prisma, one round trip), before
// and after VACUUM (index-only scans need the visibility map autovacuum keeps), next to the same
// count joined through Group as it had to be before Event.projectId. Also: what the index costs
// ingestion (storeEvents batches of 100, with and without it, same run).

export interface MetricAlertQueryTiming {
  query: string;
  windowMinutes: number;
  inWindow: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface MetricAlertQueryBenchResult {
  events: number;
  generateSeconds: number;
  timings: MetricAlertQueryTiming[];
  plan: string[];
  /** storeEvents, events/s, with the (projectId, receivedAt) index and with it dropped. */
  ingestWithIndex: number;
  ingestWithoutIndex: number;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1] ?? 0 };
}

/** The count as it had to be made without Event.projectId: through the project's groups. */
async function countThroughGroups(db: Db, input: { projectId: string; windowMinutes: number; now: Date }): Promise<number> {
  const from = new Date(input.now.getTime() - input.windowMinutes * 60_000).toISOString();
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Event" e JOIN "Group" g ON g."id" = e."groupId"
    WHERE g."projectId" = ${input.projectId}
      AND e."receivedAt" > (${from}::timestamptz AT TIME ZONE 'UTC') AND e."receivedAt" <= (${input.now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  return rows[0]?.count ?? 0;
}

async function ingestRate(db: Db, groupId: string, projectId: string, batches: number): Promise<number> {
  const started = performance.now();
  for (let b = 0; b < batches; b++) {
    const now = new Date();
    const rows: EventToStore[] = Array.from({ length: 100 }, (_, i) => ({
      groupId,
      projectId,
      releaseId: null,
      event: {
        eventId: randomBytes(16).toString("hex"),
        fingerprint: "bench",
        release: null,
        timestamp: now,
        level: "error",
        message: `failed on item ${i}`,
        title: "BenchError: failed",
        culprit: "cart.js in checkout",
        exceptionType: "BenchError",
        exceptionValue: `failed on item ${i}`,
        frames: [{ filename: "cart.js", function: "checkout", lineno: 42, inApp: true }],
        tags: { browser: "firefox", region: i % 2 ? "eu" : "us" },
        userTag: `id:user-${i % 17}`,
        userData: { id: `user-${i % 17}` },
        environment: "production",
        platform: null,
        transaction: null,
        payload: undefined,
      } satisfies PreparedEvent,
    }));
    await db.$transaction((tx) => storeEvents(tx, rows, now));
  }
  return (batches * 100) / ((performance.now() - started) / 1000);
}

export async function runMetricAlertQueryBench(options: { events?: number; runs?: number } = {}): Promise<MetricAlertQueryBenchResult> {
  const events = options.events ?? 1_000_000;
  const runs = options.runs ?? 50;
  if (!(await postgresReachable())) throw new Error("the metric-alert bench needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432)");
  const database = await createTestDatabase("postgres");
  try {
    const db = database.prisma;
    const { project } = await createOrganizationWithProject(db, { members: 0 });
    const quiet = await db.project.create({ data: { organizationId: project.organizationId, slug: "quiet", name: "Quiet" } });
    const groups = [];
    for (let i = 0; i < 20; i++) groups.push(await createGroup(db, project.id, { fingerprint: `bench-${i}` }));
    const quietGroup = await createGroup(db, quiet.id);
    const now = new Date();
    const burst = Math.floor(events / 10);
    const started = performance.now();
    // 90 % over the past week, 10 % in the last ten minutes; ids and event ids from the series.
    await db.$executeRawUnsafe(
      `INSERT INTO "Event" ("id", "groupId", "projectId", "eventId", "timestamp", "receivedAt", "title")
       SELECT 'bench-' || i, (ARRAY[${groups.map((g) => `'${g.id}'`).join(",")}])[1 + i % ${groups.length}], $1, md5(i::text),
         r, r, 'BenchError: failed'
       FROM generate_series(1, $2::int) AS i,
         LATERAL (SELECT ($3::timestamptz AT TIME ZONE 'UTC') - CASE WHEN i <= $4::int THEN (i::float8 / $4::int) * interval '10 minutes'
                                                                     ELSE ((i - $4::int)::float8 / ($2::int - $4::int)) * interval '7 days' END AS r) AS t`,
      project.id,
      events,
      now.toISOString(),
      burst,
    );
    // Another project's events interleave in the same index.
    await db.$executeRawUnsafe(
      `INSERT INTO "Event" ("id", "groupId", "projectId", "eventId", "timestamp", "receivedAt", "title")
       SELECT 'quiet-' || i, $1, $2, md5('q' || i::text), ($3::timestamptz AT TIME ZONE 'UTC') - i * interval '1 minute', ($3::timestamptz AT TIME ZONE 'UTC') - i * interval '1 minute', 'Quiet'
       FROM generate_series(1, 10000) AS i`,
      quietGroup.id,
      quiet.id,
      now.toISOString(),
    );
    await db.$executeRawUnsafe(`ANALYZE "Event"`);
    const generateSeconds = (performance.now() - started) / 1000;

    const timings: MetricAlertQueryTiming[] = [];
    type Count = (db: Db, input: { projectId: string; windowMinutes: number; now: Date }) => Promise<number>;
    const measure = async (query: string, windowMinutes: number, fn: Count, at = now, n = runs) => {
      const input = { projectId: project.id, windowMinutes, now: at };
      const inWindow = await fn(db, input);
      const t = await time(n, () => fn(db, input));
      timings.push({ query, windowMinutes, inWindow, runs: n, p50Ms: t.p50, p95Ms: t.p95, maxMs: t.max });
    };
    // The machine's own noise in the same run: one round trip doing nothing.
    await measure("SELECT 1 (round-trip baseline)", 0, async () => (await db.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).length);
    const dayAgo = new Date(now.getTime() - 24 * 60 * 60_000);
    for (const windowMinutes of [1, 10, 60]) await measure("index, before VACUUM, burst", windowMinutes, countProjectEvents);
    await db.$executeRawUnsafe(`VACUUM ANALYZE "Event"`);
    for (const windowMinutes of [1, 5, 10, 60]) await measure("index, steady (a day ago)", windowMinutes, countProjectEvents, dayAgo);
    for (const windowMinutes of [1, 5, 10, 60]) await measure("index, burst (100k in 10 min)", windowMinutes, countProjectEvents);
    await measure("join through Group (no Event.projectId)", 10, countThroughGroups, dayAgo, 5);

    const from = new Date(now.getTime() - 10 * 60_000).toISOString();
    const plan = (
      await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int AS count FROM "Event" WHERE "projectId" = $1
           AND "receivedAt" > ($2::timestamptz AT TIME ZONE 'UTC') AND "receivedAt" <= ($3::timestamptz AT TIME ZONE 'UTC')`,
        project.id,
        from,
        now.toISOString(),
      )
    ).map((row) => row["QUERY PLAN"]);

    const group = groups[0]!;
    await ingestRate(db, group.id, project.id, 5); // warm-up
    // Interleaved rounds, so the machine's load drifts over both alike.
    let withIndex = 0;
    let withoutIndex = 0;
    const rounds = 3;
    for (let round = 0; round < rounds; round++) {
      withIndex += await ingestRate(db, group.id, project.id, 20);
      await db.$executeRawUnsafe(`DROP INDEX "Event_projectId_receivedAt_idx"`);
      withoutIndex += await ingestRate(db, group.id, project.id, 20);
      await db.$executeRawUnsafe(`CREATE INDEX "Event_projectId_receivedAt_idx" ON "Event"("projectId", "receivedAt")`);
    }
    const ingestWithIndex = withIndex / rounds;
    const ingestWithoutIndex = withoutIndex / rounds;
    return { events: events + 10_000, generateSeconds, timings, plan, ingestWithIndex, ingestWithoutIndex };
  } finally {
    await database.close();
  }
}
