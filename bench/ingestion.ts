import { randomBytes } from "node:crypto";
import { setDatabase } from "@/lib/db/client";
import { createApiToken } from "@/lib/auth/tokens";
import { parseEventPayload } from "@/lib/domain/events/schema";
import { createTestDatabase, testDatabaseKinds, type TestDatabaseKind } from "@/lib/testing/db";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { POST } from "@/app/api/v1/projects/[orgSlug]/[projectSlug]/events/route";
import { percentile } from "./percentile";

// Events/s for batches through the real route handler (auth, parsing, grouping, one transaction),
// against two baselines measured in the same run on the same database: as many plain single-row
// Prisma INSERTs into Event as events sent, and JSON parse + zod validation of the same bodies.

export interface IngestionBenchResult {
  kind: TestDatabaseKind;
  batches: number;
  batchSize: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50BatchMs: number;
  p99BatchMs: number;
  /** Plain `prisma.event.create` one row at a time. */
  insertRowsPerSecond: number;
  /** JSON.parse + zod validation alone, no database. */
  validateEventsPerSecond: number;
  /** eventsPerSecond / insertRowsPerSecond: above 1 means a batch beats inserting its rows one by one. */
  ratioToInserts: number;
}

const FINGERPRINTS = 8;

function batchBody(batchIndex: number, size: number): string {
  const events = Array.from({ length: size }, (_, i) => ({
    eventId: randomBytes(16).toString("hex"),
    exception: { type: `BenchError${(batchIndex * 7 + i) % FINGERPRINTS}`, value: `failed on item ${i}` },
    level: i % 10 === 0 ? "warning" : "error",
    release: `1.0.${batchIndex % 3}`,
    environment: "production",
    tags: { browser: "firefox", region: i % 2 ? "eu" : "us" },
    user: { id: `user-${i % 17}` },
    stacktrace: { frames: [{ filename: "main.js", function: "boot", lineno: 1, inApp: true }, { filename: "cart.js", function: "checkout", lineno: 42, colno: 7, inApp: true }] },
  }));
  return JSON.stringify({ events });
}

async function benchKind(kind: TestDatabaseKind, batches: number, batchSize: number): Promise<IngestionBenchResult> {
  const database = await createTestDatabase(kind);
  setDatabase(database);
  try {
    const db = database.prisma;
    const org = await createOrganizationFixture(db);
    const project = await createProjectFixture(db, org.id, { slug: "bench" });
    const { token } = await createApiToken(db, { organizationId: org.id, name: "bench", scopes: ["events:write"] });
    const url = `https://tether.test/api/v1/projects/${org.slug}/${project.slug}/events`;
    const params = { params: Promise.resolve({ orgSlug: org.slug, projectSlug: project.slug }) };
    const send = async (body: string) => {
      const response = await POST(new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }), params);
      if (response.status !== 202) throw new Error(`ingestion answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };

    // Warm-up: creates the groups and releases, loads the code paths.
    for (let i = 0; i < 3; i++) await send(batchBody(i, batchSize));
    const bodies = Array.from({ length: batches }, (_, i) => batchBody(i, batchSize));
    const latencies: number[] = [];
    const started = performance.now();
    for (const body of bodies) {
      const t0 = performance.now();
      await send(body);
      latencies.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const events = batches * batchSize;

    const group = await db.group.findFirstOrThrow({ where: { projectId: project.id } });
    const rows = events;
    const insertStarted = performance.now();
    for (let i = 0; i < rows; i++) {
      await db.event.create({ data: { groupId: group.id, projectId: project.id, eventId: randomBytes(16).toString("hex"), timestamp: new Date(), title: "baseline", level: "error" } });
    }
    const insertRowsPerSecond = rows / ((performance.now() - insertStarted) / 1000);

    const validateStarted = performance.now();
    for (const body of bodies) parseEventPayload(JSON.parse(body));
    const validateEventsPerSecond = events / ((performance.now() - validateStarted) / 1000);

    const eventsPerSecond = events / seconds;
    return {
      kind,
      batches,
      batchSize,
      events,
      seconds,
      eventsPerSecond,
      p50BatchMs: percentile(latencies, 50),
      p99BatchMs: percentile(latencies, 99),
      insertRowsPerSecond,
      validateEventsPerSecond,
      ratioToInserts: eventsPerSecond / insertRowsPerSecond,
    };
  } finally {
    setDatabase(undefined);
    await database.close();
  }
}

export async function runIngestionBench(options: { kinds?: TestDatabaseKind[]; batches?: number; batchSize?: number } = {}): Promise<IngestionBenchResult[]> {
  const kinds = options.kinds ?? (await testDatabaseKinds());
  const results: IngestionBenchResult[] = [];
  for (const kind of kinds) results.push(await benchKind(kind, options.batches ?? 30, options.batchSize ?? 100));
  return results;
}
