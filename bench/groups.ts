import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyPendingMigrations } from "@/lib/db/migrate";
import { Prisma } from "@/lib/generated/prisma/client";
import { groupListSql, listGroupsQuerySchema } from "@/lib/domain/groups/list-groups";
import { postgresAdminUrl } from "@/lib/testing/db";
import { sessionCookieFor } from "@/lib/testing/fixtures";
import { findGroupsBenchWorld, generateGroupsBenchData, type GroupsBenchWorld } from "./groups-data";
import { percentile } from "./percentile";
import { buildIfNeeded, startTetherServer, stopServer, waitForServer } from "./production-server";

// Issue 12's groups-list target, measured as stated: the production server (`next start` of this
// build) on PostgreSQL with 100,000 groups and 1,000,000 events in one organization, 10
// connections, p95 per scenario (every latency is kept, so p95 is exact; autocannon reports no
// p95). The data lives in its own database, TETHER_BENCH_GROUPS_DB (default tether_bench_groups),
// generated once (bench/groups-data.ts) and reused; TETHER_BENCH_GROUPS_FRESH=1 regenerates it
// (TETHER_BENCH_GROUPS_COUNT / TETHER_BENCH_EVENTS_COUNT size it). Port TETHER_BENCH_PORT (default
// 3960), TETHER_BENCH_DURATION seconds per scenario (default 10), TETHER_BENCH_ONLY a comma list.
// Beside the API scenarios: the no-op route of the same server, and the server response time of
// the groups page and a group page (signed-in cookie, 100 sequential requests each).

export interface GroupsBenchRow {
  scenario: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

export interface PageTiming {
  page: string;
  requests: number;
  median: number;
  p95: number;
  non2xx: number;
}

async function load(name: string, url: string, init: RequestInit, connections: number, seconds: number): Promise<GroupsBenchRow> {
  const latencies: number[] = [];
  let non2xx = 0;
  const deadline = performance.now() + seconds * 1000;
  async function worker() {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const response = await fetch(url, init);
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status < 200 || response.status >= 300) non2xx += 1;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { scenario: name, requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), non2xx };
}

async function sequential(name: string, url: string, init: RequestInit, requests: number): Promise<PageTiming> {
  const latencies: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < requests; i += 1) {
    const t0 = performance.now();
    const response = await fetch(url, init);
    await response.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (response.status !== 200) non2xx += 1;
  }
  latencies.sort((a, b) => a - b);
  return { page: name, requests, median: percentile(latencies, 50), p95: percentile(latencies, 95), non2xx };
}

/** The bench database, migrated, with the bench organization (generated when missing). */
export async function openGroupsBenchDatabase(options: { fresh?: boolean; groups?: number; events?: number } = {}): Promise<{ database: Database; world: GroupsBenchWorld; generatedSeconds: number | null }> {
  const name = process.env.TETHER_BENCH_GROUPS_DB ?? "tether_bench_groups";
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    if (options.fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString() });
  await applyPendingMigrations(database);
  const found = await findGroupsBenchWorld(database.prisma);
  if (found) return { database, world: found, generatedSeconds: null };
  const started = performance.now();
  const world = await generateGroupsBenchData(database.prisma, { groups: options.groups ?? 100_000, events: options.events ?? 1_000_000 });
  // Fresh statistics and a set visibility map (index-only scans), as autovacuum would leave them.
  await database.prisma.$executeRawUnsafe("VACUUM ANALYZE");
  return { database, world, generatedSeconds: (performance.now() - started) / 1000 };
}

/** EXPLAIN ANALYZE of the list query for a few representative queries (index use, timings). */
export async function explainGroupsQueries(database: Database, world: GroupsBenchWorld, queries: Record<string, Record<string, string>>): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, raw] of Object.entries(queries)) {
    const plan = await groupListSql(database.prisma, { organizationId: world.organizationId, userId: world.userId }, listGroupsQuerySchema.parse(raw));
    if (!plan) continue;
    const rows = await database.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS OFF) ${plan.sql}`);
    lines.push(`-- ${name}`, ...rows.map((r) => `  ${r["QUERY PLAN"]}`));
  }
  return lines;
}

export async function runGroupsBench(): Promise<{ rows: GroupsBenchRow[]; pages: PageTiming[]; notes: string[]; resultsFile: string }> {
  const seconds = Number(process.env.TETHER_BENCH_DURATION ?? 10);
  const connections = Number(process.env.TETHER_BENCH_CONNECTIONS ?? 10);
  const only = process.env.TETHER_BENCH_ONLY?.split(",").filter(Boolean);
  const port = Number(process.env.TETHER_BENCH_PORT ?? 3960);
  const { database, world, generatedSeconds } = await openGroupsBenchDatabase({
    fresh: process.env.TETHER_BENCH_GROUPS_FRESH === "1",
    groups: Number(process.env.TETHER_BENCH_GROUPS_COUNT ?? 100_000),
    events: Number(process.env.TETHER_BENCH_EVENTS_COUNT ?? 1_000_000),
  });
  const notes: string[] = [];
  const counts = await database.prisma.$queryRaw<{ groups: number; events: number }[]>`
    SELECT (SELECT count(*)::int FROM "Group") AS groups, (SELECT count(*)::int FROM "Event") AS events`;
  notes.push(`${counts[0].groups} groups, ${counts[0].events} events${generatedSeconds === null ? " (reused)" : ` (generated in ${generatedSeconds.toFixed(1)} s)`}`);

  // TETHER_BENCH_GROUPS_URL: measure a server already running on the bench database (e.g. an older
  // build, for a before/after comparison; start it with the same NEXTAUTH_SECRET) instead of this build.
  const external = process.env.TETHER_BENCH_GROUPS_URL;
  if (!external) buildIfNeeded();
  process.env.NEXTAUTH_SECRET ??= `bench-${randomUUID()}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "tether-bench-"));
  mkdirSync("bench-results", { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const serverLog = path.join("bench-results", `groups-${stamp}.server.log`);
  let server: ChildProcess | undefined;
  try {
    const databaseUrl = database.config.kind === "postgres" ? database.config.url : "";
    const origin = external ?? `http://127.0.0.1:${port}`;
    if (!external) {
      server = startTetherServer({ port, databaseUrl, dataDir, logFile: serverLog, profileDir: null, env: { TETHER_BACKGROUND: process.env.TETHER_BACKGROUND ?? "0" } });
      await waitForServer(`${origin}/api/bench/noop`, server, 60_000);
    }
    const cookie = await sessionCookieFor(world.userId);
    const get: RequestInit = { headers: { cookie } };
    const api = `${origin}/api/v1/organizations/${world.orgSlug}/groups`;

    const firstPage = (await (await fetch(api, get)).json()) as { nextCursor: string | null; groups: { id: string }[] };
    const byEvents = (await (await fetch(`${api}?sort=events`, get)).json()) as { nextCursor: string | null };
    const scenarios: Record<string, string> = {
      "default (unresolved, last seen)": api,
      "sort first_seen": `${api}?sort=first_seen`,
      "sort events": `${api}?sort=events`,
      "sort users": `${api}?sort=users`,
      "status resolved": `${api}?status=resolved`,
      "status all": `${api}?status=all`,
      "level fatal": `${api}?level=fatal`,
      "linked": `${api}?linked=linked`,
      "unlinked": `${api}?linked=unlinked`,
      "assigned me": `${api}?assigned=me`,
      "unassigned": `${api}?assigned=unassigned`,
      "project web": `${api}?project=web`,
      // An older build without cursors gets ?page=2 instead.
      "page 2 (cursor)": firstPage.nextCursor ? `${api}?cursor=${firstPage.nextCursor}` : `${api}?page=2`,
      "page 2 (cursor, sort events)": byEvents.nextCursor ? `${api}?sort=events&cursor=${byEvents.nextCursor}` : `${api}?sort=events&page=2`,
      "search 'payment'": `${api}?query=payment`,
      "search 'hydration' all": `${api}?status=all&query=hydration`,
      "search short id": `${api}?query=API-${(1234).toString(36).toUpperCase()}`,
      "counts": `${api}/counts`,
      "counts, level fatal": `${api}/counts?level=fatal`,
    };
    const rows: GroupsBenchRow[] = [];
    // The no-op route: the same server's floor (a POST that reads nothing).
    if (!only || only.includes("no-op")) {
      await load("no-op", `${origin}/api/bench/noop`, { method: "POST", body: "{}" }, connections, 2);
      rows.push(await load("no-op", `${origin}/api/bench/noop`, { method: "POST", body: "{}" }, connections, seconds));
    }
    for (const [name, url] of Object.entries(scenarios)) {
      if (only && !only.includes(name)) continue;
      await load(name, url, get, connections, 1); // warm-up: JIT, pool, plan caches
      rows.push(await load(name, url, get, connections, seconds));
    }
    const pages: PageTiming[] = [];
    const groupId = firstPage.groups[0]?.id;
    if (!only || only.includes("pages")) {
      await sequential("warm-up", `${origin}/o/${world.orgSlug}/groups`, get, 10);
      pages.push(await sequential(`/o/${world.orgSlug}/groups`, `${origin}/o/${world.orgSlug}/groups`, get, 100));
      if (groupId) {
        await sequential("warm-up", `${origin}/o/${world.orgSlug}/groups/${groupId}`, get, 10);
        pages.push(await sequential(`/o/${world.orgSlug}/groups/<busiest unresolved>`, `${origin}/o/${world.orgSlug}/groups/${groupId}`, get, 100));
      }
    }
    if (process.env.TETHER_BENCH_EXPLAIN !== "0") {
      notes.push("EXPLAIN ANALYZE of the list query:");
      notes.push(
        ...(await explainGroupsQueries(database, world, {
          default: {},
          "sort users, status all": { sort: "users", status: "all" },
          "level fatal": { level: "fatal" },
          "assigned me": { assigned: "me" },
          "search payment": { query: "payment" },
        })),
      );
    }
    const resultsFile = path.join("bench-results", `groups-${stamp}.json`);
    writeFileSync(resultsFile, `${JSON.stringify({ at: new Date().toISOString(), seconds, connections, rows, pages, notes }, null, 2)}\n`);
    return { rows, pages, notes, resultsFile };
  } finally {
    await stopServer(server);
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
