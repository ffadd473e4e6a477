// `npm run bench [name…]`: runs the named benches (all by default) and prints one table each.
import { runDiscordInteractionsBench } from "@/bench/discord-interactions";
import { runGroupsBench } from "@/bench/groups";
import { runIngestionBench } from "@/bench/ingestion";
import { runIngestionServerBench } from "@/bench/ingestion-server";
import { runEnvelopeBench } from "@/bench/envelope";
import { runJiraWebhookBench } from "@/bench/jira-webhook";
import { runLargestContentfulPaintBench } from "@/bench/largest-contentful-paint";
import { runMetricAlertQueryBench } from "@/bench/metric-alert-query";
import { postgresReachable } from "@/lib/testing/db";
import { runWebhookBench } from "@/bench/webhook";
import type { LoadRow } from "@/bench/production-server";

type Row = Record<string, string | number>;

interface NamedBench {
  name: string;
  description: string;
  /** The table, and lines printed under it (ratios against a target, where the raw results went). */
  run(): Promise<Row[] | { rows: Row[]; notes: string[] }>;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** The cells every production-server bench shows for one scenario at one connection count. */
function loadRowCells(r: LoadRow<string>): Row {
  return {
    scenario: r.scenario,
    connections: r.connections,
    "req/s": round(r.requestsPerSecond),
    "p50 ms": round(r.p50, 1),
    "p99 ms": round(r.p99, 1),
    "CPU ms/req": r.cpuMsPerRequest === null ? "" : round(r.cpuMsPerRequest, 2),
    "db CPU ms/req": r.dbCpuMsPerRequest === null ? "" : round(r.dbCpuMsPerRequest, 2),
    "non-2xx": r.non2xx,
    errors: r.errors,
  };
}

const benches: NamedBench[] = [
  {
    name: "ingestion",
    description: "POST /api/v1/projects/:org/:project/events, batches of 100, vs single-row INSERTs and parse+validate alone",
    async run() {
      const results = await runIngestionBench({ batches: 30, batchSize: 100 });
      return results.map((r) => ({
        db: r.kind,
        events: r.events,
        "events/s": round(r.eventsPerSecond),
        "p50 batch ms": round(r.p50BatchMs, 1),
        "p99 batch ms": round(r.p99BatchMs, 1),
        "single INSERT rows/s": round(r.insertRowsPerSecond),
        "vs INSERTs": `${round(r.ratioToInserts, 2)}x`,
        "parse+validate events/s": round(r.validateEventsPerSecond),
      }));
    },
  },
  {
    name: "ingestion-server",
    description: "the production server (next start, PostgreSQL) under autocannon: batches of 100 events (8 known groups, new event ids each) on the JSON events API vs a no-op route of the same build vs bare node:http reading the same body",
    async run() {
      const r = await runIngestionServerBench();
      const rate = (scenario: string, connections: number) => r.rows.find((row) => row.scenario === scenario && row.connections === connections)?.requestsPerSecond;
      const table = r.rows.map((row) => ({
        ...loadRowCells(row),
        "events/s": row.scenario === "ingest" ? round(row.requestsPerSecond * 100) : "",
        "vs no-op": row.scenario === "ingest" && rate("no-op", row.connections) ? `${round((row.requestsPerSecond / (rate("no-op", row.connections) ?? 1)) * 100, 1)} %` : "",
      }));
      const notes = [`raw results: ${r.resultsFile}; events sent ${r.sentEvents} (warm-up included), stored ${r.stored}`, "target: >= 5,000 events/s at 10 connections"];
      for (const file of r.profiles) notes.push(`CPU profile: ${file} (npx tsx bench/cpu-profile-summary.ts ${file})`);
      return { rows: table, notes };
    },
  },
  {
    name: "envelope",
    description: "the production server (next start, PostgreSQL) under autocannon: single-event envelopes as @sentry/node sends them (new event_id each, 5 error types) on /api/<id>/envelope/ vs a no-op route of the same build vs bare node:http reading the same body",
    async run() {
      const r = await runEnvelopeBench();
      const rate = (scenario: string, connections: number) => r.rows.find((row) => row.scenario === scenario && row.connections === connections)?.requestsPerSecond;
      const table = r.rows.map((row) => ({
        ...loadRowCells(row),
        "events/s": row.scenario === "envelope" ? round(row.requestsPerSecond) : "",
        "vs no-op": row.scenario === "envelope" && rate("no-op", row.connections) ? `${round((row.requestsPerSecond / (rate("no-op", row.connections) ?? 1)) * 100, 1)} %` : "",
      }));
      const notes = [`raw results: ${r.resultsFile}; events stored ${r.stored} in ${r.groups} groups`];
      for (const file of r.profiles) notes.push(`CPU profile: ${file} (npx tsx bench/cpu-profile-summary.ts ${file})`);
      return { rows: table, notes };
    },
  },
  {
    name: "jira-webhook",
    description: "assignee webhooks through the real route handler over HTTP (PostgreSQL when reachable, 8 concurrent) vs a bare node:http server verifying the same Connect JWT",
    async run() {
      const r = await runJiraWebhookBench({ requests: 400, concurrency: 8 });
      const row = (name: string, s: typeof r.baseline) => ({ server: name, requests: s.requests, "req/s": round(s.perSecond), "p50 ms": round(s.p50, 1), "p99 ms": round(s.p99, 1), errors: s.errors });
      return [
        { db: r.kind, ...row("bare JWT verify", r.baseline), "vs bare": "1x" },
        { db: r.kind, ...row("tether webhook", r.tether), "vs bare": `${round(r.ratio, 3)}x` },
      ];
    },
  },
  {
    name: "webhook",
    description: "the production server (next start, PostgreSQL) under autocannon: real assignee webhooks vs a no-op route of the same build vs bare node:http verifying the same Connect JWT",
    async run() {
      const { rows, applied, resultsFile, profiles } = await runWebhookBench();
      const rate = (scenario: string, connections: number) => rows.find((r) => r.scenario === scenario && r.connections === connections)?.requestsPerSecond;
      const cpu = (scenario: string, connections: number) => rows.find((r) => r.scenario === scenario && r.connections === connections)?.cpuMsPerRequest ?? undefined;
      const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${round((a / b) * 100, 1)} %` : "");
      const notes = [`raw results: ${resultsFile}; assignee changes applied: ${applied}`];
      for (const file of profiles) notes.push(`CPU profile: ${file} (npx tsx bench/cpu-profile-summary.ts ${file})`);
      // The issue's target, stated at 10 connections: the webhook at >= 50 % of the no-op route with p99 < 100 ms.
      for (const connections of [...new Set(rows.map((r) => r.connections))]) {
        const webhook = rows.find((r) => r.scenario === "webhook" && r.connections === connections);
        const parts = [
          webhook && rate("no-op", connections) ? `webhook/no-op ${ratio(webhook.requestsPerSecond, rate("no-op", connections))} (target >= 50 %), webhook p99 ${round(webhook.p99)} ms (target < 100 ms)` : "",
          rate("bare", connections) && rate("no-op", connections) ? `no-op/bare ${ratio(rate("no-op", connections), rate("bare", connections))}` : "",
          cpu("webhook", connections) && cpu("no-op", connections) ? `server CPU per request webhook/no-op ${round((cpu("webhook", connections) ?? 0) / (cpu("no-op", connections) ?? 1), 1)}x` : "",
          cpu("no-op", connections) && cpu("bare", connections) ? `no-op/bare ${round((cpu("no-op", connections) ?? 0) / (cpu("bare", connections) ?? 1), 1)}x` : "",
        ].filter(Boolean);
        if (parts.length) notes.push(`${connections} connections: ${parts.join("; ")}`);
      }
      const table = rows.map((r) => ({
        ...loadRowCells(r),
        "webhook/no-op": r.scenario === "webhook" ? ratio(r.requestsPerSecond, rate("no-op", r.connections)) : "",
        "no-op/bare": r.scenario === "no-op" ? ratio(r.requestsPerSecond, rate("bare", r.connections)) : "",
      }));
      return { rows: table, notes };
    },
  },
  {
    name: "discord",
    description: "the production server (next start, PostgreSQL) under autocannon: signed PINGs and resolve clicks on /api/discord/interactions vs a no-op route of the same build vs bare node:http doing the same Ed25519 check",
    async run() {
      const { rows, clicks, applied, resultsFile, profiles } = await runDiscordInteractionsBench();
      const rate = (scenario: string, connections: number) => rows.find((r) => r.scenario === scenario && r.connections === connections)?.requestsPerSecond;
      const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${round((a / b) * 100, 1)} %` : "");
      const notes = [`raw results: ${resultsFile}; clicks sent: ${clicks}, resolve/unresolve changes applied: ${applied}`];
      for (const file of profiles) notes.push(`CPU profile: ${file} (npx tsx bench/cpu-profile-summary.ts ${file})`);
      for (const connections of [...new Set(rows.map((r) => r.connections))]) {
        const resolve = rows.find((r) => r.scenario === "resolve" && r.connections === connections);
        const noop = rate("no-op", connections);
        const parts = [
          noop && rate("ping", connections) ? `ping/no-op ${ratio(rate("ping", connections), noop)} (target >= 80 %)` : "",
          noop && resolve ? `resolve/no-op ${ratio(resolve.requestsPerSecond, noop)} (target >= 50 %), resolve p99 ${round(resolve.p99)} ms (target < 100 ms at 10)` : "",
          noop && rate("bare", connections) ? `no-op/bare ${ratio(noop, rate("bare", connections))}` : "",
        ].filter(Boolean);
        if (parts.length) notes.push(`${connections} connections: ${parts.join("; ")}`);
      }
      const table = rows.map((r) => ({ ...loadRowCells(r), "vs no-op": r.scenario === "ping" || r.scenario === "resolve" ? ratio(r.requestsPerSecond, rate("no-op", r.connections)) : "" }));
      return { rows: table, notes };
    },
  },
  {
    name: "metric-alert",
    description: "the metric-alert aggregate (a project's events in the last M minutes) on PostgreSQL with 1,000,000 events in one project, 50 runs per window; and what its index costs ingestion",
    async run() {
      if (!(await postgresReachable())) return { rows: [], notes: ["skipped: needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432)"] };
      const r = await runMetricAlertQueryBench();
      const rows = r.timings.map((t) => ({
        query: t.query,
        "window min": t.windowMinutes,
        "events in window": t.inWindow,
        runs: t.runs,
        "p50 ms": round(t.p50Ms, 2),
        "p95 ms": round(t.p95Ms, 2),
        "max ms": round(t.maxMs, 2),
      }));
      const notes = [
        `${r.events} events generated in ${round(r.generateSeconds, 1)} s (target: the aggregate under 20 ms)`,
        `ingestion (storeEvents, batches of 100): ${round(r.ingestWithIndex)} events/s with the (projectId, receivedAt) index, ${round(r.ingestWithoutIndex)} without it`,
        "EXPLAIN ANALYZE, 10-minute window:",
        ...r.plan.map((line) => `  ${line}`),
      ];
      return { rows, notes };
    },
  },
  {
    name: "lcp",
    description: "largest contentful paint of the groups list and a group page in headless Chromium (production build, demo data on embedded PGlite, signed in, fresh context per load)",
    async run() {
      const timings = await runLargestContentfulPaintBench();
      return {
        rows: timings.map((t) => ({ page: t.page, "median LCP ms": round(t.medianMs), "median TTFB ms": round(t.medianTtfbMs), "runs ms": t.runs.join(" ") })),
        notes: timings.map((t) => `${t.page}: largest element ${t.element}`),
      };
    },
  },
  {
    name: "groups",
    description:
      "the groups list API through next start on PostgreSQL, 100,000 groups / 1,000,000 events in one organization, 10 connections: each sort and filter, search, counts, a cursor page, beside the no-op route; and the groups and group pages (100 sequential requests)",
    async run() {
      if (!(await postgresReachable())) return { rows: [], notes: ["skipped: needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432)"] };
      const r = await runGroupsBench();
      const rows = r.rows.map((row) => ({
        scenario: row.scenario,
        requests: row.requests,
        "req/s": round(row.perSecond),
        "p50 ms": round(row.p50, 1),
        "p95 ms": round(row.p95, 1),
        "p99 ms": round(row.p99, 1),
        "non-2xx": row.non2xx,
      }));
      const pages = r.pages.map((p) => `page ${p.page}: median ${round(p.median, 1)} ms, p95 ${round(p.p95, 1)} ms over ${p.requests} requests${p.non2xx ? ` (${p.non2xx} not 200)` : ""}`);
      return { rows, notes: ["target: p95 < 50 ms per sort/filter, < 100 ms for search", ...pages, ...r.notes, `results: ${r.resultsFile}`] };
    },
  },
];

function printTable(rows: Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i])).join("  ");
  console.log(line(columns));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c] ?? ""))));
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !benches.some((b) => b.name === name));
if (unknown.length) {
  console.error(`Unknown bench: ${unknown.join(", ")}. Known: ${benches.map((b) => b.name).join(", ")}`);
  process.exit(2);
}
for (const bench of benches.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  console.log(`\n## ${bench.name} — ${bench.description}`);
  const started = performance.now();
  const result = await bench.run();
  printTable(Array.isArray(result) ? result : result.rows);
  if (!Array.isArray(result)) for (const note of result.notes) console.log(note);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
// Database pools and PGlite keep the event loop alive.
process.exit(0);
