import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as envelopeRoute from "@/app/api/[projectId]/envelope/route";
import * as storeRoute from "@/app/api/[projectId]/store/route";
import { setDatabase, type Database } from "@/lib/db/client";
import type { IngestProject } from "@/lib/domain/events/ingest-events";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";
import { batchLimitsFromEnv, IngestBatcher, sdkIngestBatcher } from "./ingest-batcher";
import { normalizeSentryEvent } from "./sentry-event";

// The group commit under concurrency, over real HTTP where requests meet: every request answered
// 200 has its events stored exactly once, with exact group counters; a batch the database refuses
// answers every request in it with an error and stores none of them; projects never share a batch.

const eventId = () => randomUUID().replaceAll("-", "");
// One timestamp for every event, so each group's events fall in one hourly bucket.
const TIMESTAMP = Math.floor(Date.now() / 1000);

function errorEvent(id: string, type: string, user: string): Record<string, unknown> {
  return {
    event_id: id,
    timestamp: TIMESTAMP,
    platform: "node",
    level: "error",
    user: { id: user },
    exception: { values: [{ type, value: "it broke", stacktrace: { frames: [{ filename: "app/server.js", function: `handle${type}`, lineno: 10, in_app: true }] } }] },
  };
}

const singleEventEnvelope = (id: string, event: Record<string, unknown>): string =>
  `${JSON.stringify({ event_id: id, sent_at: new Date().toISOString() })}\n${JSON.stringify({ type: "event" })}\n${JSON.stringify(event)}\n`;

const REFUSE_EVENTS = `
  CREATE FUNCTION batcher_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
  CREATE TRIGGER batcher_test_refuse BEFORE INSERT ON "Event" FOR EACH STATEMENT EXECUTE FUNCTION batcher_test_refuse();`;
const ACCEPT_EVENTS = `DROP TRIGGER batcher_test_refuse ON "Event"; DROP FUNCTION batcher_test_refuse();`;
// Refuses only the events of one exception type: a request the database refuses for its own content.
const REFUSE_POISON = `
  CREATE FUNCTION batcher_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."exceptionType" = 'Poison' THEN RAISE EXCEPTION 'poison refused by the test'; END IF; RETURN NEW; END $$;
  CREATE TRIGGER batcher_test_poison BEFORE INSERT ON "Event" FOR EACH ROW EXECUTE FUNCTION batcher_test_poison();`;
const ACCEPT_POISON = `DROP TRIGGER batcher_test_poison ON "Event"; DROP FUNCTION batcher_test_poison();`;

describe.each(await testDatabaseKinds())("SDK intake group commit on %s", (kind) => {
  let database: Database;
  let server: { url: string; stop: () => Promise<void> };
  let project: IngestProject;
  let ingestId: number;
  let publicKey: string;

  const envelopeUrl = (id = ingestId, key = publicKey) => `${server.url}/api/${id}/envelope/?sentry_key=${key}&sentry_version=7`;

  async function post(url: string, body: string) {
    const response = await fetch(url, { method: "POST", body });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
  }

  async function execute(sql: string): Promise<void> {
    for (const statement of sql.split(/;\s*(?=CREATE|DROP)/)) await database.prisma.$executeRawUnsafe(statement);
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    const created = await createOrganizationWithProject(db, { members: 0 });
    project = { id: created.project.id, slug: created.project.slug, organizationId: created.organization.id };
    const key = await createProjectKey(db, { organizationId: project.organizationId, project: project.slug });
    ingestId = key.project.ingestId;
    publicKey = key.key.publicKey;
    server = await startRouteServer([
      { method: "POST", path: "/api/:projectId/envelope", handler: envelopeRoute.POST },
      { method: "POST", path: "/api/:projectId/store", handler: storeRoute.POST },
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    setDatabase(undefined);
    await database?.close();
  });

  it("answers 200 to 200 concurrent single-event envelopes, stores each event once, and keeps group counters exact", async () => {
    const db = database.prisma;
    const known = ["KnownA", "KnownB", "KnownC", "KnownD"];
    // The known groups exist before the burst, with one event each from user "seed".
    for (const type of known) {
      const id = eventId();
      expect((await post(envelopeUrl(), singleEventEnvelope(id, errorEvent(id, type, "seed")))).status).toBe(200);
    }
    const requests = Array.from({ length: 200 }, (_, i) => {
      const type = i % 5 === 4 ? `New${i}` : known[i % known.length];
      return { id: eventId(), type, user: `user-${i % 7}` };
    });
    const before = { ...sdkIngestBatcher.stats };
    const answers = await Promise.all(
      requests.map((r, i) =>
        // Half envelopes, a quarter of those through the store endpoint, all at once.
        i % 4 === 3
          ? post(`${server.url}/api/${ingestId}/store/?sentry_key=${publicKey}&sentry_version=7`, JSON.stringify(errorEvent(r.id, r.type, r.user)))
          : post(envelopeUrl(), singleEventEnvelope(r.id, errorEvent(r.id, r.type, r.user))),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect(answer.json).toEqual({ id: requests[i].id });
    });
    expect(sdkIngestBatcher.stats.requests - before.requests).toBe(200);
    // Requests met in batches. (PGlite runs a whole transaction without letting the HTTP server
    // read another request, so there each request finds its project idle.)
    if (kind === "postgres") expect(sdkIngestBatcher.stats.largestBatch).toBeGreaterThan(1);
    expect(sdkIngestBatcher.pending).toEqual({ events: 0, lanes: 0 });

    for (const r of requests) expect(await db.event.count({ where: { projectId: project.id, eventId: r.id } })).toBe(1);
    const groups = await db.group.findMany({ where: { projectId: project.id }, include: { eventBuckets: true, _count: { select: { events: true, users: true } } } });
    for (const type of [...known, ...requests.filter((r) => r.type.startsWith("New")).map((r) => r.type)]) {
      const sent = requests.filter((r) => r.type === type);
      const users = new Set(sent.map((r) => r.user));
      if (known.includes(type)) users.add("seed");
      const expectedEvents = sent.length + (known.includes(type) ? 1 : 0);
      const group = groups.find((g) => g.title.startsWith(`${type}:`));
      expect(group, type).toBeDefined();
      expect(group!.timesSeen, type).toBe(expectedEvents);
      expect(group!._count.events, type).toBe(expectedEvents);
      expect(group!.userCount, type).toBe(users.size);
      expect(group!._count.users, type).toBe(users.size);
      expect(group!.eventBuckets.reduce((sum, bucket) => sum + bucket.count, 0), type).toBe(expectedEvents);
    }
    expect(groups).toHaveLength(known.length + 40);
  });

  it("stores an event id sent by several concurrent requests once", async () => {
    const db = database.prisma;
    const id = eventId();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(envelopeUrl(), singleEventEnvelope(id, errorEvent(id, "Repeated", "u")))));
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, json: { id } });
    expect(await db.event.count({ where: { projectId: project.id, eventId: id } })).toBe(1);
    const group = await db.group.findFirstOrThrow({ where: { projectId: project.id, title: { startsWith: "Repeated:" } } });
    expect(group.timesSeen).toBe(1);
    expect(group.userCount).toBe(1);
  });

  it("answers an error to every request of a batch the database refuses, stores none of them, and stores the next ones", async () => {
    const db = database.prisma;
    const eventsBefore = await db.event.count({ where: { projectId: project.id } });
    const groupsBefore = await db.group.count({ where: { projectId: project.id } });
    const before = { ...sdkIngestBatcher.stats };
    await execute(REFUSE_EVENTS);
    let refused: { status: number; json: Record<string, unknown> }[];
    try {
      const ids = Array.from({ length: 20 }, eventId);
      refused = await Promise.all(ids.map((id, i) => post(envelopeUrl(), singleEventEnvelope(id, errorEvent(id, i % 2 ? "KnownA" : `Refused${i}`, "u")))));
    } finally {
      await execute(ACCEPT_EVENTS);
    }
    for (const answer of refused) {
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ error: { code: "internal_error", message: expect.any(String) } });
    }
    // The refusal reached requests that shared a commit, not only ones committed alone.
    if (kind === "postgres") expect(sdkIngestBatcher.stats.commits - before.commits).toBeLessThan(20);
    expect(await db.event.count({ where: { projectId: project.id } })).toBe(eventsBefore);
    expect(await db.group.count({ where: { projectId: project.id } })).toBe(groupsBefore);

    const ids = Array.from({ length: 20 }, eventId);
    const accepted = await Promise.all(ids.map((id) => post(envelopeUrl(), singleEventEnvelope(id, errorEvent(id, "AfterRefusal", "u")))));
    for (const answer of accepted) expect(answer.status).toBe(200);
    expect(await db.event.count({ where: { projectId: project.id, eventId: { in: ids } } })).toBe(20);
  });

  it("rejects every request of a refused batch with the batch's error, then commits the next batch", async () => {
    const db = database.prisma;
    const batcher = new IngestBatcher({ maxBatchEvents: 100, maxBatchBytes: 1_000_000, maxWaitingEvents: 100 });
    const ingest = (id: string) =>
      batcher.ingest(db, project, [normalizeSentryEvent(errorEvent(id, "Batched", "u"))], 100).then(
        () => "stored",
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    await execute(REFUSE_EVENTS);
    // The first request is committed alone at once; the other five wait and share the next commit.
    const refused = [eventId(), eventId(), eventId(), eventId(), eventId(), eventId()];
    let answers: string[];
    try {
      answers = await Promise.all(refused.map(ingest));
    } finally {
      await execute(ACCEPT_EVENTS);
    }
    for (const answer of answers) expect(answer).toContain("refused by the test");
    // The refused batch of five was tried once more request by request: each refused again.
    expect(batcher.stats).toEqual({ commits: 2, requests: 6, largestBatch: 5, retriedAlone: 5 });
    expect(await db.event.count({ where: { eventId: { in: refused } } })).toBe(0);
    const next = [eventId(), eventId(), eventId()];
    expect(await Promise.all(next.map(ingest))).toEqual(["stored", "stored", "stored"]);
    expect(await db.event.count({ where: { eventId: { in: next } } })).toBe(3);
  });

  it("stores the other requests of a batch when the database refuses one request's event", async () => {
    const db = database.prisma;
    const batcher = new IngestBatcher({ maxBatchEvents: 100, maxBatchBytes: 1_000_000, maxWaitingEvents: 100 });
    const ingest = (id: string, type: string) =>
      batcher.ingest(db, project, [normalizeSentryEvent(errorEvent(id, type, "u"))], 100).then(
        () => "stored",
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    await execute(REFUSE_POISON);
    // The first request is committed alone at once; the other five wait and share the next commit.
    const sent = [eventId(), eventId(), eventId(), eventId(), eventId(), eventId()];
    const types = ["Healthy", "Healthy", "Healthy", "Poison", "Healthy", "Healthy"];
    let answers: string[];
    try {
      answers = await Promise.all(sent.map((id, i) => ingest(id, types[i])));
    } finally {
      await execute(ACCEPT_POISON);
    }
    expect(answers[3]).toContain("poison refused by the test");
    expect(answers.filter((answer) => answer === "stored")).toHaveLength(5);
    expect(batcher.stats).toEqual({ commits: 2, requests: 6, largestBatch: 5, retriedAlone: 5 });
    expect(await db.event.count({ where: { eventId: { in: sent } } })).toBe(5);
    expect(await db.event.count({ where: { eventId: sent[3] } })).toBe(0);
  });

  it("never batches two projects together", async () => {
    const db = database.prisma;
    const other = await db.project.create({ data: { organizationId: project.organizationId, slug: `other-${kind}`, name: "Other" } });
    const otherKey = (await createProjectKey(db, { organizationId: project.organizationId, project: other.slug })).key.publicKey;
    const sent = Array.from({ length: 60 }, (_, i) => ({ id: eventId(), mine: i % 2 === 0 }));
    const answers = await Promise.all(
      sent.map((s) => post(s.mine ? envelopeUrl() : envelopeUrl(other.ingestId, otherKey), singleEventEnvelope(s.id, errorEvent(s.id, "Shared", "u")))),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    for (const s of sent) {
      const stored = await db.event.findFirstOrThrow({ where: { eventId: s.id }, include: { group: true } });
      expect(stored.projectId).toBe(s.mine ? project.id : other.id);
      expect(stored.group.projectId).toBe(stored.projectId);
    }
  });

  it("keeps batches within their size and refuses with 503 past the waiting limit", async () => {
    const batcher = new IngestBatcher({ maxBatchEvents: 3, maxBatchBytes: 1_000_000, maxWaitingEvents: 7 });
    const calls = Array.from({ length: 12 }, () => {
      const id = eventId();
      return batcher.ingest(database.prisma, project, [normalizeSentryEvent(errorEvent(id, "Bounded", "u"))], 100).then(
        (result) => ({ ok: true as const, id, result }),
        (error: unknown) => ({ ok: false as const, id, error }),
      );
    });
    const outcomes = await Promise.all(calls);
    // The first is committed at once; seven wait; the remaining four are refused.
    expect(outcomes.filter((o) => o.ok)).toHaveLength(8);
    for (const o of outcomes.slice(8)) expect(o).toMatchObject({ ok: false, error: { status: 503, code: "intake_busy", headers: { "retry-after": "1" } } });
    for (const o of outcomes.slice(0, 8)) expect(o).toMatchObject({ ok: true, result: { accepted: 1, duplicates: 0, groups: [{ eventId: o.id }] } });
    expect(batcher.stats).toEqual({ commits: 4, requests: 8, largestBatch: 3, retriedAlone: 0 });
    expect(batcher.pending).toEqual({ events: 0, lanes: 0 });
  });

  it("gives every request its own ingestEvents call when turned off", async () => {
    const batcher = new IngestBatcher({ enabled: false, maxBatchEvents: 100, maxBatchBytes: 1_000_000, maxWaitingEvents: 1 });
    const ids = Array.from({ length: 5 }, eventId);
    const results = await Promise.all(ids.map((id) => batcher.ingest(database.prisma, project, [normalizeSentryEvent(errorEvent(id, "Unbatched", "u"))], 100)));
    expect(results.map((r) => r.groups[0].eventId)).toEqual(ids);
    expect(batcher.stats.commits).toBe(0);
  });

  it("adds no commit when requests do not overlap", async () => {
    const batcher = new IngestBatcher({ maxBatchEvents: 100, maxBatchBytes: 1_000_000, maxWaitingEvents: 100 });
    for (let i = 0; i < 3; i++) {
      const id = eventId();
      await batcher.ingest(database.prisma, project, [normalizeSentryEvent(errorEvent(id, "Serial", "u"))], 100);
    }
    expect(batcher.stats).toEqual({ commits: 3, requests: 3, largestBatch: 1, retriedAlone: 0 });
  });

  it("stores every event of any arrival pattern exactly once, answering each request its own event ids", async () => {
    const db = database.prisma;
    const arrival = fc.record({ gap: fc.nat({ max: 3 }), ids: fc.array(fc.nat({ max: 11 }), { minLength: 1, maxLength: 3 }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arrival, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), async (arrivals, maxBatchEvents, commitsPerProject) => {
        const batcher = new IngestBatcher({ maxBatchEvents, maxBatchBytes: 1_000_000, maxWaitingEvents: 10_000, commitsPerProject });
        const prefix = `${kind === "pglite" ? "a" : "b"}${(run++).toString(16).padStart(7, "0")}`;
        const target = await db.project.create({ data: { organizationId: project.organizationId, slug: `prop-${prefix}`, name: "Prop" } });
        const where: IngestProject = { id: target.id, slug: target.slug, organizationId: project.organizationId };
        // Event id n always belongs to group n % 3, so a repeated id is a repeat in its group.
        const idOf = (n: number) => `${prefix}${String(n).padStart(24, "0")}`;
        const pending: Promise<{ sent: string[]; got: string[] }>[] = [];
        for (const { gap, ids } of arrivals) {
          for (let i = 0; i < gap; i++) await new Promise((resolve) => setImmediate(resolve));
          const events = ids.map((n) => normalizeSentryEvent(errorEvent(idOf(n), `Prop${n % 3}`, `u${n}`)));
          pending.push(batcher.ingest(db, where, events, 100).then((result) => ({ sent: ids.map(idOf), got: result.groups.map((g) => g.eventId) })));
        }
        for (const { sent, got } of await Promise.all(pending)) expect(got).toEqual(sent);
        const distinct = new Set(arrivals.flatMap((a) => a.ids));
        expect(await db.event.count({ where: { projectId: target.id } })).toBe(distinct.size);
        const groups = await db.group.findMany({ where: { projectId: target.id } });
        for (const group of groups) {
          const inGroup = [...distinct].filter((n) => group.title.startsWith(`Prop${n % 3}:`));
          expect(group.timesSeen).toBe(inGroup.length);
          expect(group.userCount).toBe(inGroup.length);
        }
        expect(batcher.pending).toEqual({ events: 0, lanes: 0 });
      }),
      { numRuns: kind === "pglite" ? 15 : 10 },
    );
  }, 120_000);
});

describe("SDK intake group commit settings", () => {
  it("reads its limits from the environment, ignoring what is not a positive integer", () => {
    expect(batchLimitsFromEnv({})).toEqual({ enabled: true, maxBatchEvents: 100, maxBatchBytes: 8 * 1024 * 1024, maxWaitingEvents: 10_000, commitsPerProject: 2 });
    expect(
      batchLimitsFromEnv({ TETHER_INTAKE_GROUP_COMMIT: "0", TETHER_INTAKE_BATCH_EVENTS: "20", TETHER_INTAKE_BATCH_BYTES: "-1", TETHER_INTAKE_MAX_WAITING_EVENTS: "1.5", TETHER_INTAKE_COMMITS_PER_PROJECT: "2" }),
    ).toEqual({ enabled: false, maxBatchEvents: 20, maxBatchBytes: 8 * 1024 * 1024, maxWaitingEvents: 10_000, commitsPerProject: 2 });
  });
});

describe("SDK intake group commit in a process", () => {
  it("leaves nothing behind: the process exits by itself once its requests are answered", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/intake/fixtures/batcher-exit.ts"], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(out).toMatch(/stored 20 in \d+ commits/);
    expect(code).toBe(0);
  }, 60_000);
});
