// Crash scenario: SIGKILL a Tether process while clients ingest event batches and change groups
// (each change queues an outbound job), restart it on the same database, and check that what was
// acknowledged survived. The process is tests/reliability/support/tether-process.ts (the real
// route handlers and queue over node:http), killed while its queue holds unsent jobs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyPendingMigrations } from "@/lib/db/migrate";
import { createTestDatabase, testDatabaseKinds, type TestDatabaseKind } from "@/lib/testing/db";
import { RecordingTracker, createWorld, hex32, killHard, startTether, waitFor, type World } from "./support/harness";

const ROUNDS = 2;
const CLIENTS = 4;
const BATCH = 10;
const PORTS: Record<TestDatabaseKind, { tether: number; tracker: number }> = { pglite: { tether: 3410, tracker: 3411 }, postgres: { tether: 3412, tracker: 3413 } };

interface RoundFigures {
  round: number;
  batchesAcknowledged: number;
  eventsAcknowledged: number;
  batchesUnanswered: number;
  changesAcknowledged: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function prepare(kind: TestDatabaseKind): Promise<{ url: string; world: World; open: () => Promise<Database>; dispose: () => Promise<void> }> {
  if (kind === "pglite") {
    const root = mkdtempSync(path.join(tmpdir(), "tether-crash-"));
    const dataDir = path.join(root, "pglite");
    const database = await openDatabase({ kind: "pglite", dataDir });
    await applyPendingMigrations(database);
    const world = await createWorld(database.prisma, 4);
    await database.close();
    return {
      url: `pglite:${dataDir}`,
      world,
      open: () => openDatabase({ kind: "pglite", dataDir }),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase("postgres");
  const world = await createWorld(database.prisma, 4);
  if (database.config.kind !== "postgres") throw new Error("expected PostgreSQL");
  const opened = { ...database, close: async () => undefined };
  return { url: database.config.url, world, open: async () => opened, dispose: () => database.close() };
}

describe.each(await testDatabaseKinds())("crash: SIGKILL during ingestion with outbound jobs pending, on %s", (kind) => {
  it("every acknowledged event is stored, no batch is partial, every change is sent once or dead-lettered", async () => {
    const started = Date.now();
    const { url, world, open, dispose } = await prepare(kind);
    const prepared = Date.now();
    const tracker = new RecordingTracker(PORTS[kind].tracker);
    await tracker.start();
    const acknowledged: string[][] = [];
    const unanswered: string[][] = [];
    const figures: RoundFigures[] = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        // Workers off: every change made in this round is still a queued job when the process dies.
        const tether = await startTether({ DATABASE_URL: url, PORT: PORTS[kind].tether, PROVIDER_URL: tracker.url, TETHER_WORKERS: "0" });
        let stop = false;
        const before = { acknowledged: acknowledged.length, unanswered: unanswered.length };
        let changes = 0;
        const ingest = async (client: number) => {
          for (let n = 0; !stop; n++) {
            const ids = Array.from({ length: BATCH }, hex32);
            const events = ids.map((eventId, j) => ({ eventId, message: `crash round ${round}`, fingerprint: [`fp-${round}-${client}-${(n + j) % 7}`] }));
            try {
              const response = await fetch(`${tether.url}/api/v1/projects/${world.orgSlug}/${world.projectSlug}/events`, {
                method: "POST",
                headers: { "content-type": "application/json", authorization: `Bearer ${world.token}` },
                body: JSON.stringify({ events }),
              });
              if (response.status === 202) acknowledged.push(ids);
              else if (response.status >= 500) unanswered.push(ids);
              else throw new Error(`ingestion answered ${response.status}: ${await response.text()}`);
            } catch (error) {
              if (error instanceof Error && error.message.startsWith("ingestion answered")) throw error;
              // The process died with this batch in flight: it is not acknowledged, and nothing listens any more.
              unanswered.push(ids);
              return;
            }
          }
        };
        const changeGroup = async (n: number): Promise<boolean> => {
          const group = world.groups[n % world.groups.length];
          const status = (n + round) % 2 === 0 ? "resolved" : "unresolved";
          try {
            const response = await fetch(`${tether.url}/api/v1/groups/${group.id}`, {
              method: "PUT",
              headers: { "content-type": "application/json", authorization: `Bearer ${world.token}` },
              body: JSON.stringify({ status }),
            });
            if (response.ok) changes++;
            return true;
          } catch {
            return false; // killed mid-request: not acknowledged
          }
        };
        // One acknowledged change per group first, so jobs are certainly queued when the process dies.
        for (let n = 0; n < world.groups.length; n++) await changeGroup(n);
        const change = async () => {
          for (let n = world.groups.length; !stop && (await changeGroup(n)); n++);
        };
        const load = [...Array.from({ length: CLIENTS }, (_, client) => ingest(client)), change()];
        await sleep(2000 + Math.random() * 1000);
        await killHard(tether.child);
        stop = true;
        await Promise.all(load);
        figures.push({
          round,
          batchesAcknowledged: acknowledged.length - before.acknowledged,
          eventsAcknowledged: (acknowledged.length - before.acknowledged) * BATCH,
          batchesUnanswered: unanswered.length - before.unanswered,
          changesAcknowledged: changes,
        });
      }

      // Restart with workers: the jobs queued before the crashes are worked now.
      const tether = await startTether({ DATABASE_URL: url, PORT: PORTS[kind].tether, PROVIDER_URL: tracker.url });
      const restarted = Date.now();
      const queue = await waitFor(
        async () => (await (await fetch(`${tether.url}/_queue`)).json()) as Record<string, number>,
        (state) => state.outboxPending === 0 && !state.created && !state.retry && !state.active,
        45_000,
      );
      await killHard(tether.child);

      const database = await open();
      try {
        const stored = new Set((await database.prisma.event.findMany({ select: { eventId: true } })).map((event) => event.eventId));
        const lost = acknowledged.flat().filter((id) => !stored.has(id));
        const partial = [...acknowledged, ...unanswered].filter((batch) => {
          const present = batch.filter((id) => stored.has(id)).length;
          return present !== 0 && present !== batch.length;
        });
        const unansweredStored = unanswered.filter((batch) => stored.has(batch[0])).length;

        const outbound = await database.prisma.syncEvent.findMany({ where: { direction: "outbound" }, select: { jobId: true, outcome: true, groupId: true } });
        const appliedPerJob = new Map<string, number>();
        for (const row of outbound) if (row.outcome === "applied" && row.jobId) appliedPerJob.set(row.jobId, (appliedPerJob.get(row.jobId) ?? 0) + 1);
        const twice = [...appliedPerJob.values()].filter((count) => count > 1).length;
        const deadLettered = outbound.filter((row) => row.outcome === "failed").length;

        // What the tracker saw last for each issue is the group's state in Tether.
        const stale: string[] = [];
        for (const group of world.groups) {
          const { status } = await database.prisma.group.findUniqueOrThrow({ where: { id: group.id }, select: { status: true } });
          const last = tracker.calls.filter((call) => call.path === `/issue/${group.issueKey}/status`).at(-1);
          if (last && last.body.status !== status) stale.push(`${group.issueKey}: tracker ${last.body.status}, Tether ${status}`);
        }

        console.log(
          `[crash ${kind}] setup ${prepared - started} ms, rounds ${restarted - prepared} ms, drain ${Date.now() - restarted} ms; rounds: ${JSON.stringify(figures)}; acknowledged events ${acknowledged.length * BATCH}, stored of them ${acknowledged.length * BATCH - lost.length}; ` +
            `unanswered batches ${unanswered.length} (${unansweredStored} stored whole, ${partial.length} partial); ` +
            `outbound: ${outbound.length} records, ${appliedPerJob.size} jobs applied, ${twice} applied twice, ${deadLettered} dead-lettered, ${tracker.calls.length} tracker calls; queue ${JSON.stringify(queue)}`,
        );
        expect(acknowledged.length).toBeGreaterThan(0);
        expect(lost).toEqual([]);
        expect(partial).toEqual([]);
        expect(outbound.filter((row) => row.outcome === "pending")).toEqual([]);
        expect(twice).toBe(0);
        expect(stale).toEqual([]);
        expect(figures.reduce((sum, round) => sum + round.changesAcknowledged, 0)).toBeGreaterThan(0);
      } finally {
        await database.close();
      }
    } finally {
      await tracker.stop();
      await dispose();
    }
  }, 150_000);
});

const OUTBOX_PORTS: Record<TestDatabaseKind, { tether: number; tracker: number }> = { pglite: { tether: 4210, tracker: 4211 }, postgres: { tether: 4212, tracker: 4213 } };

describe.each(await testDatabaseKinds())("crash: SIGKILL between a change's commit and its hand-over to the queue, on %s", (kind) => {
  it("the committed outbox row is delivered after the restart, by the sweep on start", async () => {
    const { url, world, open, dispose } = await prepare(kind);
    const tracker = new RecordingTracker(OUTBOX_PORTS[kind].tracker);
    await tracker.start();
    const [group] = world.groups;
    // The periodic re-sweep is off in both runs: only the sweep on start can find the row.
    const env = { DATABASE_URL: url, PORT: OUTBOX_PORTS[kind].tether, PROVIDER_URL: tracker.url, SWEEP_INTERVAL_SECONDS: "0" };
    try {
      const first = await startTether({ ...env, HOLD_OUTBOX_DISPATCH: "1" });
      // The change commits, then its request waits forever for the hand-over to the queue.
      const change = fetch(`${first.url}/api/v1/groups/${group.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Bearer ${world.token}` },
        body: JSON.stringify({ status: "resolved" }),
      }).catch(() => null);
      const before = await waitFor(
        async () => (await (await fetch(`${first.url}/_queue`)).json()) as Record<string, number>,
        (state) => state.outboxPending === 1,
        20_000,
      );
      // Committed, and no job exists for it: only the outbox knows about the change.
      expect(before).toMatchObject({ outboxPending: 1, orphanedWithoutJob: 1 });
      await killHard(first.child);
      expect(await change).toBeNull();
      expect(tracker.calls).toEqual([]);

      const second = await startTether(env);
      try {
        await waitFor(async () => tracker.calls.length, (calls) => calls > 0, 20_000);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(tracker.calls).toEqual([{ path: `/issue/${group.issueKey}/status`, body: { status: "resolved", attempt: 1 } }]);
      } finally {
        await killHard(second.child);
      }
      const rows = await readAfterwards(open, (database) => database.prisma.syncEvent.findMany({ where: { groupId: group.id, direction: "outbound" } }));
      expect(rows.map((row) => [row.outcome, row.job])).toEqual([["applied", "issue-sync"]]);
    } finally {
      await tracker.stop();
      await dispose();
    }
  }, 120_000);
});

/** One read of the database once the servers are gone (the embedded one can be opened by one process only). */
async function readAfterwards<T>(open: () => Promise<Database>, read: (database: Database) => Promise<T>): Promise<T> {
  const database = await open();
  try {
    return await read(database);
  } finally {
    await database.close();
  }
}
