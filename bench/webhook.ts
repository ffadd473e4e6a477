import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon, { type AutocannonResult } from "autocannon";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createTestDatabase } from "@/lib/testing/db";
import { buildNeeded, writeBuildStamp } from "@/scripts/build-stamp";
import { serverNodeOptions } from "@/scripts/server-node-options";
import { seedBenchJiraSite } from "./jira-bench-site";
import { databaseBackendsCpuMs, processTreeCpuMs } from "./process-cpu";

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

export interface WebhookBenchRow {
  scenario: Scenario;
  connections: number;
  requestsPerSecond: number;
  /** CPU milliseconds the serving process (and its children) spent per answered request; null off Linux. */
  cpuMsPerRequest: number | null;
  /** CPU milliseconds of the PostgreSQL backends of the bench database per answered request; null when unknown. */
  dbCpuMsPerRequest: number | null;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

const NEXT_BIN = path.join("node_modules", ".bin", "next");
const TSX_BIN = path.join("node_modules", ".bin", "tsx");
const WEBHOOK_PATH = "/api/jira/issue-updated";
const ISSUES = 200;
const CPU_PROFILE_PRELOAD = path.resolve("bench", "cpu-profile-preload.mjs");

/** Waits for the file the preload writes when the profiler stops (it renames it into place). */
async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode}) before answering`);
    try {
      const response = await fetch(url, { method: "POST" });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function runWebhookBench(options: { durationSeconds?: number; connections?: number[]; only?: Scenario[] } = {}): Promise<{ rows: WebhookBenchRow[]; applied: number; resultsFile: string; profiles: string[] }> {
  const duration = options.durationSeconds ?? Number(process.env.TETHER_BENCH_DURATION ?? 10);
  const connectionCounts = options.connections ?? (process.env.TETHER_BENCH_CONNECTIONS?.split(",").filter(Boolean).map(Number) ?? [10, 50]);
  const only = options.only ?? ((process.env.TETHER_BENCH_ONLY?.split(",").filter(Boolean) as Scenario[] | undefined) ?? ["bare", "no-op", "webhook"]);
  const basePort = Number(process.env.TETHER_BENCH_PORT ?? 3950);
  const [tetherPort, barePort, jiraPort] = [basePort, basePort + 1, basePort + 2];

  const reason = buildNeeded();
  if (reason) {
    console.log(`[bench] building (${reason})`);
    const build = spawnSync(NEXT_BIN, ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
    writeBuildStamp();
  }

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
    const log = openSync(serverLog, "a");
    // The server gets the Node flags `npm start` gives it (scripts/server-node-options.ts).
    const nodeOptions = serverNodeOptions(process.env.NODE_OPTIONS);
    const profilerOptions = profileDir ? { NODE_OPTIONS: `${nodeOptions} --import=${CPU_PROFILE_PRELOAD}`, TETHER_CPU_PROF_DIR: profileDir } : { NODE_OPTIONS: nodeOptions };
    tether = spawn(NEXT_BIN, ["start", "-p", String(tetherPort), "-H", "127.0.0.1"], {
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: databaseUrl,
        TETHER_DATA_DIR: dataDir,
        TETHER_BENCH_ROUTES: "1",
        TETHER_DEMO: "0",
        JIRA_ALLOW_INSECURE_BASE_URL: "1",
        TETHER_BASE_URL: `http://127.0.0.1:${tetherPort}`,
        NEXTAUTH_URL: `http://127.0.0.1:${tetherPort}`,
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? `bench-${randomUUID()}`,
        ...profilerOptions,
      },
    });
    bare = spawn(TSX_BIN, ["bench/bare-jwt-server.ts"], { stdio: ["ignore", "ignore", log], env: { ...process.env, PORT: String(barePort), BENCH_SHARED_SECRET: jira.sharedSecret } });
    await Promise.all([waitFor(`http://127.0.0.1:${tetherPort}/api/bench/noop`, tether, 60_000), waitFor(`http://127.0.0.1:${barePort}/`, bare, 30_000)]);

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
    const sample = nextWebhook();
    const targets: Record<Scenario, { url: string; dynamic: boolean }> = {
      bare: { url: `http://127.0.0.1:${barePort}${WEBHOOK_PATH}`, dynamic: false },
      "no-op": { url: `http://127.0.0.1:${tetherPort}/api/bench/noop`, dynamic: false },
      webhook: { url: `http://127.0.0.1:${tetherPort}${WEBHOOK_PATH}`, dynamic: true },
    };
    const cannon = (scenario: Scenario, connections: number, seconds: number, amount?: number) =>
      autocannon({
        url: targets[scenario].url,
        connections,
        duration: seconds,
        amount,
        timeout: 10,
        requests: [
          targets[scenario].dynamic
            ? { method: "POST", setupRequest: (request) => ({ ...request, method: "POST", ...nextWebhook() }) }
            : { method: "POST", headers: sample.headers, body: sample.body },
        ],
      });

    // Warm-up: JIT, connection pools, the caches a running server keeps. Counted in requests, not
    // seconds: on a busy machine two seconds were a few hundred no-op requests, and Next's request
    // path still cost 2-3x its warm CPU for the first thousands (its code is large and is optimized
    // only once hot). A webhook runs Prisma and pg code many times over, so fewer of them suffice.
    const warmUp: Record<Scenario, number> = { bare: 2000, "no-op": 4000, webhook: 400 };

    const raw: { scenario: Scenario; connections: number; result: AutocannonResult; cpuMs: number | null; dbCpuMs: number | null }[] = [];
    const databaseName = databaseUrl ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) : "";
    const profiles: string[] = [];
    // Each scenario is warmed up right before its runs, and its runs follow one another: a pool
    // connection idle for 10 s is closed, and a new one (PostgreSQL forks a backend, which then
    // fills its caches) would be charged to the run that opens it.
    for (const scenario of only) {
      await cannon(scenario, 10, 0, Number(process.env.TETHER_BENCH_WARMUP_REQUESTS ?? warmUp[scenario]));
      for (const connections of connectionCounts) {
        // The bare server is another process: only the Tether server is profiled.
        const profiled = profileDir !== null && scenario !== "bare";
        if (profiled) tether.kill("SIGUSR2");
        const server = scenario === "bare" ? bare : tether;
        const cpuBefore = processTreeCpuMs(server.pid);
        const dbBefore = databaseBackendsCpuMs(databaseName);
        const result = await cannon(scenario, connections, duration);
        const cpuAfter = processTreeCpuMs(server.pid);
        const dbAfter = databaseBackendsCpuMs(databaseName);
        raw.push({ scenario, connections, result, cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null, dbCpuMs: dbBefore !== null && dbAfter !== null ? dbAfter - dbBefore : null });
        if (profiled) {
          tether.kill("SIGUSR2");
          const written = path.join(profileDir, `profile-${profiles.length + 1}.cpuprofile`);
          await waitForFile(written, 60_000);
          const kept = path.join("bench-results", `webhook-${stamp}.${scenario}-${connections}.cpuprofile`);
          renameSync(written, kept);
          profiles.push(kept);
        }
      }
    }
    const applied = await database.prisma.syncEvent.count({ where: { direction: "inbound", kind: "assignee", outcome: "applied" } });
    const perRequest = (ms: number | null, result: AutocannonResult) => (ms !== null && result["2xx"] + result.non2xx > 0 ? ms / (result["2xx"] + result.non2xx) : null);
    const rows = raw.map(({ scenario, connections, result, cpuMs, dbCpuMs }) => ({
      scenario,
      connections,
      requestsPerSecond: result.requests.average,
      cpuMsPerRequest: perRequest(cpuMs, result),
      // Only the webhook touches the database; the others' readings would be pg-boss polling.
      dbCpuMsPerRequest: scenario === "webhook" ? perRequest(dbCpuMs, result) : null,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      total: result["2xx"] + result.non2xx,
    }));
    // Shown by connection count, the scenarios side by side.
    rows.sort((a, b) => a.connections - b.connections || only.indexOf(a.scenario) - only.indexOf(b.scenario));
    const resultsFile = path.join("bench-results", `webhook-${stamp}.json`);
    writeFileSync(resultsFile, `${JSON.stringify({ at: new Date().toISOString(), duration, env: { LOG_LEVEL: process.env.LOG_LEVEL ?? null, TETHER_BACKGROUND: process.env.TETHER_BACKGROUND ?? null }, webhooksSent: sent, applied, rows, raw }, null, 2)}\n`);
    return { rows, applied, resultsFile, profiles };
  } finally {
    await Promise.all([stop(tether), stop(bare)]);
    await database.close();
    await jira.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}
