import { writeFileSync } from "node:fs";
import path from "node:path";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { failOnRefusedRequests, ingestionBenchProfile, withIngestionBenchServers } from "./ingestion-bench-servers";
import { runLoadScenarios, type LoadRow } from "./production-server";
import { UniqueIdBodies } from "./unique-bodies";

// Issue 13's note: SDK envelope ingestion through the production server (`next start` of this
// build, throwaway PostgreSQL database), single-event envelopes as @sentry/node sends them (no
// content type, the key in the query string), at 10 and 50 connections. Every envelope has a new
// event_id (in its header and its event), over a handful of error types thrown from a few call
// sites. Three scenarios in one run:
//   bare      node:http reading the same body (bench/bare-http-server.ts)
//   no-op     POST /api/bench/noop of the same build, same body
//   envelope  POST /api/<ingest id>/envelope/?sentry_key=…&sentry_version=7, each a new event
// Any answer but 200 fails the bench: the first envelope is sent before the runs and its answer
// shown. Ports 3970-3971 unless TETHER_BENCH_PORT moves them; TETHER_BENCH_DURATION (s, default
// 10), TETHER_BENCH_CONNECTIONS (default 10,50), TETHER_BENCH_ONLY, TETHER_BENCH_WARMUP_REQUESTS
// and TETHER_BENCH_CPU_PROF=1 as in bench/webhook.ts.

export type EnvelopeScenario = "bare" | "no-op" | "envelope";

const SDK = { name: "sentry.javascript.node", version: "11.12.0", integrations: ["InboundFilters", "FunctionToString", "LinkedErrors", "RequestData", "Console", "Http", "Undici", "OnUncaughtException", "OnUnhandledRejection", "ContextLines", "LocalVariables", "Context", "Modules"], packages: [{ name: "npm:@sentry/node", version: "11.12.0" }] };

/** The handful of errors the bench app raises: type, message shape, the in-app frames of its call site. */
const ERRORS = [
  { type: "TypeError", value: (n: number) => `Cannot read properties of undefined (reading 'id') at order ${n}`, site: ["src/routes/orders.ts", "loadOrder", 57] },
  { type: "Error", value: (n: number) => `Payment provider answered 502 for charge ch_${n}`, site: ["src/payments/charge.ts", "chargeCard", 112] },
  { type: "RangeError", value: (n: number) => `Invalid time value for user ${n}`, site: ["src/lib/dates.ts", "formatDue", 23] },
  { type: "ValidationError", value: (n: number) => `email is not a valid address (row ${n})`, site: ["src/users/import.ts", "importRow", 88] },
  { type: "TypeError", value: (n: number) => `fetch failed after ${n} ms`, site: ["src/clients/inventory.ts", "reserveStock", 41] },
] as const;

function frame(filename: string, fn: string, lineno: number, inApp: boolean) {
  return {
    filename: inApp ? `/srv/app/${filename}` : `/srv/app/node_modules/${filename}`,
    module: filename.replace(/\.[jt]s$/, "").replace(/\//g, "."),
    function: fn,
    lineno,
    colno: 17,
    in_app: inApp,
    ...(inApp
      ? {
          pre_context: ["  const started = Date.now();", "  const input = await parse(request);", ""],
          context_line: `  const result = await ${fn}(input.id);`,
          post_context: ["  log.info({ ms: Date.now() - started });", "  return result;", "}"],
        }
      : {}),
  };
}

/** One @sentry/node-shaped single-event envelope; `placeholder` where its event id goes (header and event). */
export function envelopeBody(placeholder: string, variant: number, dsn: string, timestampSeconds: number): string {
  const error = ERRORS[variant % ERRORS.length];
  const [file, fn, line] = error.site;
  const frames = [
    frame("express/lib/router/layer.js", "handle", 95, false),
    frame("express/lib/router/route.js", "next", 149, false),
    frame("express/lib/router/index.js", "processParams", 346, false),
    frame("src/server.ts", "handleRequest", 30 + variant, true),
    frame("src/middleware/auth.ts", "requireSession", 18, true),
    frame(file, fn, line, true),
  ];
  const event = {
    event_id: placeholder,
    timestamp: timestampSeconds,
    platform: "node",
    level: "error",
    server_name: "app-1",
    environment: "production",
    release: `shop@2.4.${variant % 3}`,
    transaction: `POST /api/${fn}`,
    exception: { values: [{ type: error.type, value: error.value(variant * 7919), mechanism: { type: "generic", handled: true }, stacktrace: { frames } }] },
    tags: { route: `/api/${fn}`, region: variant % 2 ? "eu-west-1" : "us-east-1" },
    user: { id: `user-${variant % 17}`, ip_address: "10.0.0.12" },
    request: { method: "POST", url: `https://shop.example.com/api/${fn}`, headers: { "user-agent": "Mozilla/5.0", "content-type": "application/json" } },
    contexts: {
      trace: { trace_id: "3b1f5c2d4e6f708192a3b4c5d6e7f809", span_id: "a1b2c3d4e5f60718" },
      runtime: { name: "node", version: "v22.11.0" },
      os: { kernel_version: "6.8.0", name: "Linux", version: "6.8.0" },
      app: { app_start_time: "2026-11-26T03:00:00.000Z", app_memory: 104857600 },
      device: { arch: "x64", memory_size: 8589934592, free_memory: 2147483648, boot_time: "2026-11-20T00:00:00.000Z", processor_count: 4, cpu_description: "Intel(R) Xeon(R)", processor_frequency: 2600 },
      cloud_resource: {},
    },
    breadcrumbs: Array.from({ length: 8 }, (_, i) => ({
      timestamp: timestampSeconds - (8 - i),
      category: i % 2 ? "http" : "console",
      ...(i % 2 ? { type: "http", data: { method: "GET", url: `https://inventory.internal/items/${i}`, status_code: 200 } } : { level: "info", message: `step ${i} done` }),
    })),
    modules: { express: "4.21.2", pg: "8.13.1", zod: "3.24.1", pino: "9.5.0" },
    sdk: SDK,
  };
  const header = { event_id: placeholder, sent_at: new Date(timestampSeconds * 1000).toISOString(), sdk: { name: SDK.name, version: SDK.version }, dsn };
  return `${JSON.stringify(header)}\n${JSON.stringify({ type: "event" })}\n${JSON.stringify(event)}\n`;
}

export async function runEnvelopeBench(options: { durationSeconds?: number; connections?: number[] } = {}): Promise<{
  rows: LoadRow<EnvelopeScenario>[];
  stored: number;
  groups: number;
  resultsFile: string;
  profiles: string[];
}> {
  const duration = options.durationSeconds ?? Number(process.env.TETHER_BENCH_DURATION ?? 10);
  const connectionCounts = options.connections ?? (process.env.TETHER_BENCH_CONNECTIONS?.split(",").filter(Boolean).map(Number) ?? [10, 50]);
  const only = (process.env.TETHER_BENCH_ONLY?.split(",").filter(Boolean) as EnvelopeScenario[] | undefined) ?? ["bare", "no-op", "envelope"];
  return withIngestionBenchServers("envelope", Number(process.env.TETHER_BENCH_PORT ?? 3970), async (servers) => {
    const { db, tetherPort, barePort, tether, bare } = servers;
    const org = await createOrganizationFixture(db, { slug: "bench" });
    await createProjectFixture(db, org.id, { slug: "sdk" });
    const { project, key } = await createProjectKey(db, { organizationId: org.id, project: "sdk" });
    const envelopePath = `/api/${project.ingestId}/envelope/?sentry_key=${key.publicKey}&sentry_version=7`;
    const dsn = `http://${key.publicKey}@127.0.0.1:${tetherPort}/${project.ingestId}`;

    const now = Date.now() / 1000;
    const shapes = Array.from({ length: ERRORS.length * 2 }, (_, variant) => new UniqueIdBodies((placeholder) => envelopeBody(placeholder, variant, dsn, now), { oneIdPerBody: true }));
    let sent = 0;
    // What @sentry/node sends: no content type, the key in the query string.
    const headers = { "user-agent": `${SDK.name}/${SDK.version}` };
    const nextEnvelope = () => ({ headers, body: shapes[sent++ % shapes.length].next() });
    const sample = { method: "POST" as const, headers, body: shapes[0].next() };
    if (only.includes("envelope")) {
      const first = await fetch(`http://127.0.0.1:${tetherPort}${envelopePath}`, { method: "POST", ...nextEnvelope() });
      const text = await first.text();
      if (first.status !== 200) throw new Error(`the envelope route answered ${first.status} (want 200): ${text.slice(0, 500)}`);
    }

    const { rows, raw, profiles } = await runLoadScenarios<EnvelopeScenario>({
      scenarios: {
        bare: { url: `http://127.0.0.1:${barePort}${envelopePath}`, request: sample, server: bare, warmUpRequests: 2000, usesDatabase: false },
        "no-op": { url: `http://127.0.0.1:${tetherPort}/api/bench/noop`, request: sample, server: tether, warmUpRequests: 4000, usesDatabase: false },
        envelope: { url: `http://127.0.0.1:${tetherPort}${envelopePath}`, request: nextEnvelope, server: tether, warmUpRequests: 2000, usesDatabase: true },
      },
      order: only,
      connectionCounts,
      durationSeconds: duration,
      databaseName: servers.databaseName,
      profile: ingestionBenchProfile<EnvelopeScenario>(servers, "envelope", ["bare"]),
    });
    // The SDKs read anything but 200 as a failure (and a 429 as a reason to stop sending): so does the bench.
    failOnRefusedRequests(rows, servers.serverLog);
    const stored = await db.event.count({ where: { projectId: project.id } });
    const groups = await db.group.count({ where: { projectId: project.id } });
    const resultsFile = path.join("bench-results", `envelope-${servers.stamp}.json`);
    writeFileSync(resultsFile, `${JSON.stringify({ at: new Date().toISOString(), duration, envelopesSent: sent, stored, groups, rows, raw }, null, 2)}\n`);
    return { rows, stored, groups, resultsFile, profiles };
  });
}
