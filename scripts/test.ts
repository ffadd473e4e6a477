// npm test: every check the project has, in order, stopping at the first failing step. Ends with a
// single line "N passed, N failed" (tests across vitest and Playwright) that CI reads; a failing
// step that is not a test run (types, lint, build, browser set-up) counts as one failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildNeeded, writeBuildStamp } from "./build-stamp";
import { ensureChromium } from "./chromium";

const BIN = path.join("node_modules", ".bin");
const VITEST_JSON = path.join("test-results", "vitest.json");
const RELIABILITY_JSON = path.join("test-results", "reliability.json");
// Written by the json reporter configured in playwright.config.ts.
const PLAYWRIGHT_JSON = path.join("test-results", "playwright.json");

interface StepResult {
  ok: boolean;
  passed?: number;
  failed?: number;
  note?: string;
}

interface Step {
  name: string;
  run: () => StepResult | Promise<StepResult>;
}

const totals = { passed: 0, failed: 0 };
const timings: string[] = [];

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.error) console.error(`[test] could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function countVitest(file: string = VITEST_JSON): { passed: number; failed: number } | null {
  const report = readJson(file) as { numPassedTests?: number; numFailedTests?: number } | null;
  if (typeof report?.numPassedTests !== "number") return null;
  return { passed: report.numPassedTests, failed: report.numFailedTests ?? 0 };
}

function countPlaywright(): { passed: number; failed: number } | null {
  const report = readJson(PLAYWRIGHT_JSON) as { stats?: { expected?: number; unexpected?: number; flaky?: number } } | null;
  if (!report?.stats) return null;
  return { passed: (report.stats.expected ?? 0) + (report.stats.flaky ?? 0), failed: report.stats.unexpected ?? 0 };
}

const steps: Step[] = [
  { name: "typecheck", run: () => ({ ok: exec(path.join(BIN, "tsc"), ["--noEmit"]) }) },
  { name: "lint", run: () => ({ ok: exec(path.join(BIN, "eslint"), ["--max-warnings", "0", "."]) }) },
  {
    name: "unit and integration tests",
    run: async () => {
      const { postgresAdminUrl, postgresReachable } = await import("@/lib/testing/db");
      const postgres = await postgresReachable();
      console.log(`[test] databases: PGlite${postgres ? ` and PostgreSQL (${new URL(postgresAdminUrl()).host})` : " only (no PostgreSQL answered)"}`);
      rmSync(VITEST_JSON, { force: true });
      mkdirSync(path.dirname(VITEST_JSON), { recursive: true });
      const ok = exec(path.join(BIN, "vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_JSON}`]);
      const counts = countVitest();
      if (!counts) return { ok: false, note: "vitest wrote no report" };
      return { ok: ok && counts.failed === 0, ...counts };
    },
  },
  {
    // Fuzzing, crash, database-fault, concurrency and two-instance scenarios (tests/reliability).
    name: "reliability",
    run: () => {
      rmSync(RELIABILITY_JSON, { force: true });
      const ok = exec(path.join(BIN, "vitest"), ["run", "--config", "vitest.reliability.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${RELIABILITY_JSON}`]);
      const counts = countVitest(RELIABILITY_JSON);
      if (!counts) return { ok: false, note: "vitest wrote no report" };
      return { ok: ok && counts.failed === 0, ...counts };
    },
  },
  {
    name: "build",
    run: () => {
      const reason = buildNeeded();
      if (!reason) return { ok: true, note: "up to date, skipped" };
      const ok = exec(path.join(BIN, "next"), ["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
      if (ok) writeBuildStamp();
      return { ok };
    },
  },
  { name: "browser", run: () => ensureChromium(exec) },
  {
    name: "browser tests",
    run: () => {
      rmSync(PLAYWRIGHT_JSON, { force: true });
      const ok = exec(path.join(BIN, "playwright"), ["test"]);
      const counts = countPlaywright();
      if (!counts) return { ok: false, note: "Playwright wrote no report" };
      return { ok: ok && counts.failed === 0, ...counts };
    },
  },
];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  if (!existsSync(path.join(BIN, "next"))) {
    console.error("[test] node_modules is missing: run `npm install` first");
    console.log("0 passed, 1 failed");
    return 1;
  }
  const started = Date.now();
  let exitCode = 0;
  for (const step of steps) {
    console.log(`\n▶ ${step.name}`);
    const stepStarted = Date.now();
    let result: StepResult;
    try {
      result = await step.run();
    } catch (error) {
      console.error(error);
      result = { ok: false };
    }
    const took = seconds(Date.now() - stepStarted);
    const counted = result.passed !== undefined;
    totals.passed += result.passed ?? 0;
    totals.failed += result.failed ?? 0;
    if (!result.ok && !(result.failed && result.failed > 0)) totals.failed += 1;
    const detail = [counted ? `${result.passed} passed, ${result.failed} failed` : "", result.note ?? ""].filter(Boolean).join("; ");
    const line = `${result.ok ? "✔" : "✘"} ${step.name} (${took})${detail ? ` — ${detail}` : ""}`;
    timings.push(line);
    console.log(line);
    if (!result.ok) {
      exitCode = 1;
      break;
    }
  }
  console.log(`\nSteps:\n${timings.map((line) => `  ${line}`).join("\n")}`);
  console.log(`Total time: ${seconds(Date.now() - started)}${exitCode ? " — FAILED" : ""}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return exitCode;
}

process.exitCode = await main();
