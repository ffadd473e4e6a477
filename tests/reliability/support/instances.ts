// Production servers of this checkout for the multi-instance scenarios: one `next build`
// (skipped when .next is current, as `npm start` does), then any number of `next start`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { buildNeeded, writeBuildStamp } from "@/scripts/build-stamp";

const NEXT_BIN = path.join("node_modules", ".bin", "next");

export function ensureProductionBuild(): void {
  const reason = buildNeeded();
  if (!reason) return;
  console.log(`[reliability] next build (${reason})`);
  const result = spawnSync(NEXT_BIN, ["build"], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  writeBuildStamp();
}

export interface Instance {
  name: string;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server at ${url} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server at ${url} did not become healthy within ${timeoutMs} ms`);
}

/** `next start` on 127.0.0.1:port with this environment; its output goes to test-results/<name>.log. */
export async function startInstance(name: string, port: number, env: Record<string, string | undefined>): Promise<Instance> {
  const url = `http://127.0.0.1:${port}`;
  mkdirSync("test-results", { recursive: true });
  const log = createWriteStream(path.join("test-results", `${name}.log`));
  const child = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: url, TETHER_BASE_URL: url, LOG_LEVEL: "info", VITEST: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, process: child, stop };
}
