import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { buildIfNeeded, startTetherServer, stopServer, TSX_BIN, waitForServer, type LoadRow } from "./production-server";

// What the ingestion benches (JSON batches, SDK envelopes) share: this build's `next start` on a
// throwaway PostgreSQL database beside a bare node:http server, a server log and optional CPU
// profiles under bench-results/, and everything stopped and removed afterwards.

export interface IngestionBenchServers {
  db: Database["prisma"];
  tetherPort: number;
  barePort: number;
  tether: ChildProcess;
  bare: ChildProcess;
  databaseName: string;
  stamp: string;
  serverLog: string;
  profileDir: string | null;
}

export async function withIngestionBenchServers<T>(name: string, basePort: number, run: (servers: IngestionBenchServers) => Promise<T>): Promise<T> {
  const [tetherPort, barePort] = [basePort, basePort + 1];
  buildIfNeeded();
  const database = await createTestDatabase("postgres");
  const dataDir = mkdtempSync(path.join(tmpdir(), "tether-bench-"));
  mkdirSync("bench-results", { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const serverLog = path.join("bench-results", `${name}-${stamp}.server.log`);
  const profileDir = process.env.TETHER_BENCH_CPU_PROF === "1" ? path.resolve("bench-results", `${name}-${stamp}.cpu`) : null;
  if (profileDir) mkdirSync(profileDir);
  let tether: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    const databaseUrl = database.config.kind === "postgres" ? database.config.url : "";
    tether = startTetherServer({ port: tetherPort, databaseUrl, dataDir, logFile: serverLog, profileDir });
    bare = spawn(TSX_BIN, ["bench/bare-http-server.ts"], { stdio: ["ignore", "ignore", openSync(serverLog, "a")], env: { ...process.env, PORT: String(barePort) } });
    await Promise.all([waitForServer(`http://127.0.0.1:${tetherPort}/api/bench/noop`, tether, 60_000), waitForServer(`http://127.0.0.1:${barePort}/`, bare, 30_000)]);
    const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    return await run({ db: database.prisma, tetherPort, barePort, tether, bare, databaseName, stamp, serverLog, profileDir });
  } finally {
    await Promise.all([stopServer(tether), stopServer(bare)]);
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Where a scenario's CPU profile is kept; `skip` names the scenarios not profiled (bare node:http). */
export function ingestionBenchProfile<S extends string>(servers: IngestionBenchServers, name: string, skip: S[]) {
  const { profileDir, stamp } = servers;
  return profileDir ? { dir: profileDir, skip, keepAs: (scenario: S, connections: number) => path.join("bench-results", `${name}-${stamp}.${scenario}-${connections}.cpuprofile`) } : undefined;
}

/** Any refused or failed request fails the bench: a figure made of errors measures nothing. */
export function failOnRefusedRequests<S extends string>(rows: readonly LoadRow<S>[], serverLog: string): void {
  const failed = rows.filter((r) => r.non2xx > 0 || r.errors > 0);
  if (failed.length > 0) throw new Error(`requests failed: ${failed.map((r) => `${r.scenario}@${r.connections}: ${r.non2xx} non-2xx, ${r.errors} errors`).join("; ")} (server log: ${serverLog})`);
}
