import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, openSync, renameSync } from "node:fs";
import path from "node:path";
import autocannon, { type AutocannonResult, type AutocannonRequest as CannonRequest } from "autocannon";
import { buildNeeded, writeBuildStamp } from "@/scripts/build-stamp";
import { serverNodeOptions } from "@/scripts/server-node-options";
import { databaseBackendsCpuMs, processTreeCpuMs } from "./process-cpu";

// What the production-server benches share: this build served by `next start` on a throwaway
// database, a baseline process beside it, and autocannon runs of named scenarios with the CPU
// each server (and the database's backends) spent per request. The benches differ only in what
// they seed and which requests they send.

const NEXT_BIN = path.join("node_modules", ".bin", "next");
export const TSX_BIN = path.join("node_modules", ".bin", "tsx");
const CPU_PROFILE_PRELOAD = path.resolve("bench", "cpu-profile-preload.mjs");

/** Builds when the build is missing or older than the sources. */
export function buildIfNeeded(): void {
  const reason = buildNeeded();
  if (!reason) return;
  console.log(`[bench] building (${reason})`);
  const build = spawnSync(NEXT_BIN, ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error("next build failed");
  writeBuildStamp();
}

/** Waits for the file the profiler preload writes when it stops (it renames it into place). */
async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until `url` answers a POST with anything below 500. */
export async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
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

export function stopServer(child: ChildProcess | undefined): Promise<void> {
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

/**
 * `next start` of this build on 127.0.0.1:`port`, with the Node flags `npm start` gives it, the bench
 * routes on and demo data off; `env` adds the bench's own settings. With `profileDir` the server
 * writes a V8 CPU profile between two SIGUSR2s (bench/cpu-profile-preload.mjs).
 */
export function startTetherServer(options: { port: number; databaseUrl: string; dataDir: string; logFile: string; profileDir: string | null; env?: Record<string, string> }): ChildProcess {
  const log = openSync(options.logFile, "a");
  const nodeOptions = serverNodeOptions(process.env.NODE_OPTIONS);
  const profilerOptions = options.profileDir ? { NODE_OPTIONS: `${nodeOptions} --import=${CPU_PROFILE_PRELOAD}`, TETHER_CPU_PROF_DIR: options.profileDir } : { NODE_OPTIONS: nodeOptions };
  const origin = `http://127.0.0.1:${options.port}`;
  return spawn(NEXT_BIN, ["start", "-p", String(options.port), "-H", "127.0.0.1"], {
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.databaseUrl,
      TETHER_DATA_DIR: options.dataDir,
      TETHER_BENCH_ROUTES: "1",
      TETHER_DEMO: "0",
      TETHER_BASE_URL: origin,
      NEXTAUTH_URL: origin,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? `bench-${randomUUID()}`,
      ...options.env,
      ...profilerOptions,
    },
  });
}

export interface LoadRow<S extends string> {
  scenario: S;
  connections: number;
  requestsPerSecond: number;
  /** CPU milliseconds the serving process (and its children) spent per answered request; null off Linux. */
  cpuMsPerRequest: number | null;
  /** CPU milliseconds of the bench database's PostgreSQL backends per answered request; null when unknown or not measured. */
  dbCpuMsPerRequest: number | null;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export interface LoadScenario {
  url: string;
  /** The one request sent over and over, or a function making each request (a new signed change). */
  request: { method: "POST"; headers: Record<string, string>; body: string } | (() => { headers: Record<string, string>; body: string });
  /** The process serving it (its CPU is charged). */
  server: ChildProcess;
  /** Requests before the measured runs (JIT, pools, caches). */
  warmUpRequests: number;
  /** Whether its database CPU is worth reading (only scenarios that touch the database). */
  usesDatabase: boolean;
}

/**
 * Runs each scenario at each connection count for `durationSeconds`, warmed up right before its
 * runs (a pool connection idle for 10 s is closed, and reopening it would be charged to the next
 * run). Returns the rows by connection count, scenarios side by side, and the raw results.
 */
export async function runLoadScenarios<S extends string>(options: {
  scenarios: Record<S, LoadScenario>;
  order: S[];
  connectionCounts: number[];
  durationSeconds: number;
  databaseName: string;
  profile?: { dir: string; keepAs: (scenario: S, connections: number) => string; skip: S[] };
}): Promise<{ rows: LoadRow<S>[]; raw: unknown[]; profiles: string[] }> {
  const cannon = (scenario: LoadScenario, connections: number, seconds: number, amount?: number) => {
    const request: CannonRequest =
      typeof scenario.request === "function"
        ? { method: "POST", setupRequest: (base) => ({ ...base, method: "POST", ...(scenario.request as () => { headers: Record<string, string>; body: string })() }) }
        : scenario.request;
    return autocannon({ url: scenario.url, connections, duration: seconds, amount, timeout: 10, requests: [request] });
  };
  const raw: { scenario: S; connections: number; result: AutocannonResult; cpuMs: number | null; dbCpuMs: number | null }[] = [];
  const profiles: string[] = [];
  for (const name of options.order) {
    const scenario = options.scenarios[name];
    await cannon(scenario, 10, 0, Number(process.env.TETHER_BENCH_WARMUP_REQUESTS ?? scenario.warmUpRequests));
    for (const connections of options.connectionCounts) {
      const profiled = options.profile !== undefined && !options.profile.skip.includes(name);
      if (profiled) scenario.server.kill("SIGUSR2");
      const cpuBefore = processTreeCpuMs(scenario.server.pid);
      const dbBefore = databaseBackendsCpuMs(options.databaseName);
      const result = await cannon(scenario, connections, options.durationSeconds);
      const cpuAfter = processTreeCpuMs(scenario.server.pid);
      const dbAfter = databaseBackendsCpuMs(options.databaseName);
      raw.push({ scenario: name, connections, result, cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null, dbCpuMs: dbBefore !== null && dbAfter !== null ? dbAfter - dbBefore : null });
      if (profiled && options.profile) {
        scenario.server.kill("SIGUSR2");
        const written = path.join(options.profile.dir, `profile-${profiles.length + 1}.cpuprofile`);
        await waitForFile(written, 60_000);
        const kept = options.profile.keepAs(name, connections);
        renameSync(written, kept);
        profiles.push(kept);
      }
    }
  }
  const perRequest = (ms: number | null, result: AutocannonResult) => (ms !== null && result["2xx"] + result.non2xx > 0 ? ms / (result["2xx"] + result.non2xx) : null);
  const rows = raw.map(({ scenario, connections, result, cpuMs, dbCpuMs }) => ({
    scenario,
    connections,
    requestsPerSecond: result.requests.average,
    cpuMsPerRequest: perRequest(cpuMs, result),
    // Scenarios that do not touch the database would only show pg-boss polling.
    dbCpuMsPerRequest: options.scenarios[scenario].usesDatabase ? perRequest(dbCpuMs, result) : null,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result["2xx"] + result.non2xx,
  }));
  rows.sort((a, b) => a.connections - b.connections || options.order.indexOf(a.scenario) - options.order.indexOf(b.scenario));
  return { rows, raw, profiles };
}
