import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createTestDatabase } from "@/lib/testing/db";
import { seedBenchJiraSite } from "./jira-bench-site";
import { buildIfNeeded, runLoadScenarios, startTetherServer, stopServer, TSX_BIN, waitForServer, type LoadRow } from "./production-server";

// Issue 10's performance target, measured the way it is stated: the production server (`next
// start` of this build) on a throwaway PostgreSQL database, loaded by autocannon at 10 and 50
// connections. Three scenarios in one run:
//   bare     node:http doing only the webhook's Connect JWT check (bench/bare-jwt-server.ts)
//   no-op    POST /api/bench/noop of the same build (enabled by TETHER_BENCH_ROUTES=1)
//   webhook  POST /api/jira/issue-updated, every request a real assignee change
// Ports 3950-3952 unless TETHER_BENCH_PORT moves them. TETHER_BENCH_DURATION (s, default 10),
// TETHER_BENCH_ONLY (comma list of scenarios), TETHER_BENCH_CONNECTIONS (default 10,50) and
// TETHER_BENCH_WARMUP_REQUESTS (per scenario; default 2000 bare, 4000 no-op, 400 webhook) shorten probes; LOG_LEVEL, TETHER_BACKGROUND and
// the rest of the environment pass through to the server, so their cost can be measured.
// TETHER_BENCH_CPU_PROF=1 writes a V8 CPU profile of the server for each measured run (not the
// start-up nor the warm-up) beside the results: webhook-<stamp>.<scenario>-<connections>.cpuprofile;
// `npx tsx bench/cpu-profile-summary.ts <file>` summarizes one. The profiler costs throughput, so
// figures of a profiled run are not the ones to quote.

export type Scenario = "bare" | "no-op" | "webhook";

export type WebhookBenchRow = LoadRow<Scenario>;

const WEBHOOK_PATH = "/api/jira/issue-updated";
const ISSUES = 200;

export async function runWebhookBench(options: { durationSeconds?: number; connections?: number[]; only?: Scenario[] } = {}): Promise<{ rows: WebhookBenchRow[]; applied: number; resultsFile: string; profiles: string[] }> {
  const duration = options.durationSeconds ?? Number(process.env.TETHER_BENCH_DURATION ?? 10);
  const connectionCounts = options.connections ?? (process.env.TETHER_BENCH_CONNECTIONS?.split(",").filter(Boolean).map(Number) ?? [10, 50]);
  const only = options.only ?? ((process.env.TETHER_BENCH_ONLY?.split(",").filter(Boolean) as Scenario[] | undefined) ?? ["bare", "no-op", "webhook"]);
  const basePort = Number(process.env.TETHER_BENCH_PORT ?? 3950);
  const [tetherPort, barePort, jiraPort] = [basePort, basePort + 1, basePort + 2];

  buildIfNeeded();
  process.env.TETHER_SECRET_KEY ??= `bench-${randomUUID()}`;
  const jira = await new FakeJira().start(jiraPort);
  jira.sharedSecret = `secret-${randomUUID()}`;
  const database = await createTestDatabase("postgres");
  const dataDir = mkdtempSync(path.join(tmpdir(), "tether-bench-"));
  mkdirSync("bench-results", { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const serverLog = path.join("bench-results", `webhook-${stamp}.server.log`);
  const profileDir = process.env.TETHER_BENCH_CPU_PROF === "1" ? path.resolve("bench-results", `webhook-${stamp}.cpu`) : null;
  if (profileDir) mkdirSync(profileDir);
  let tether: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    const issues = await seedBenchJiraSite(database.prisma, jira, ISSUES);

    const databaseUrl = database.config.kind === "postgres" ? database.config.url : "";
    tether = startTetherServer({ port: tetherPort, databaseUrl, dataDir, logFile: serverLog, profileDir, env: { JIRA_ALLOW_INSECURE_BASE_URL: "1" } });
    bare = spawn(TSX_BIN, ["bench/bare-jwt-server.ts"], { stdio: ["ignore", "ignore", openSync(serverLog, "a")], env: { ...process.env, PORT: String(barePort), BENCH_SHARED_SECRET: jira.sharedSecret } });
    await Promise.all([waitForServer(`http://127.0.0.1:${tetherPort}/api/bench/noop`, tether, 60_000), waitForServer(`http://127.0.0.1:${barePort}/`, bare, 30_000)]);

    // Tokens are signed before a run (signing is not what is measured) and reused: a Connect JWT
    // carries no nonce, so a valid one is valid for every request to the same path.
    const tokens = await Promise.all(Array.from({ length: 32 }, () => jira.signWebhook("POST", `http://127.0.0.1${WEBHOOK_PATH}`, { expiresIn: 1800 })));
    let sent = 0;
    const started = Date.now();
    // Each request is the next assignee of the next issue, with a later `updated` than the last
    // webhook for that issue: every one is a change Tether applies.
    const nextWebhook = () => {
      const n = sent++;
      const issue = issues[n % ISSUES];
      const accountId = Math.floor(n / ISSUES) % 2 === 0 ? "acc-alice" : "acc-bob";
      issue.assigneeAccountId = accountId;
      issue.updated = new Date(started + n).toISOString();
      return {
        body: JSON.stringify(jira.issueUpdatedPayload(issue, [{ field: "assignee", from: null, to: accountId }])),
        headers: { authorization: `JWT ${tokens[n % tokens.length]}`, "content-type": "application/json", "x-atlassian-webhook-identifier": randomUUID() },
      };
    };
    // The no-op and bare scenarios get the same request shape (signed, same body size).
    const sample = { method: "POST" as const, ...nextWebhook() };
    // Warm-up: JIT, connection pools, the caches a running server keeps. Counted in requests, not
    // seconds: on a busy machine two seconds were a few hundred no-op requests, and Next's request
    // path still cost 2-3x its warm CPU for the first thousands (its code is large and is optimized
    // only once hot). A webhook runs Prisma and pg code many times over, so fewer of them suffice.
    const databaseName = databaseUrl ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) : "";
    const { rows, raw, profiles } = await runLoadScenarios<Scenario>({
      scenarios: {
        bare: { url: `http://127.0.0.1:${barePort}${WEBHOOK_PATH}`, request: sample, server: bare, warmUpRequests: 2000, usesDatabase: false },
        "no-op": { url: `http://127.0.0.1:${tetherPort}/api/bench/noop`, request: sample, server: tether, warmUpRequests: 4000, usesDatabase: false },
        webhook: { url: `http://127.0.0.1:${tetherPort}${WEBHOOK_PATH}`, request: nextWebhook, server: tether, warmUpRequests: 400, usesDatabase: true },
      },
      order: only,
      connectionCounts,
      durationSeconds: duration,
      databaseName,
      // The bare server is another process: only the Tether server is profiled.
      profile: profileDir ? { dir: profileDir, skip: ["bare"], keepAs: (scenario, connections) => path.join("bench-results", `webhook-${stamp}.${scenario}-${connections}.cpuprofile`) } : undefined,
    });
    const applied = await database.prisma.syncEvent.count({ where: { direction: "inbound", kind: "assignee", outcome: "applied" } });
    const resultsFile = path.join("bench-results", `webhook-${stamp}.json`);
    writeFileSync(resultsFile, `${JSON.stringify({ at: new Date().toISOString(), duration, env: { LOG_LEVEL: process.env.LOG_LEVEL ?? null, TETHER_BACKGROUND: process.env.TETHER_BACKGROUND ?? null }, webhooksSent: sent, applied, rows, raw }, null, 2)}\n`);
    return { rows, applied, resultsFile, profiles };
  } finally {
    await Promise.all([stopServer(tether), stopServer(bare)]);
    await database.close();
    await jira.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}
