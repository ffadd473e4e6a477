// npm start: prepare the database (migrations, demo data on first run), build when the sources
// changed, then hand over to `next start`. The database is closed again before the server starts
// because the server opens it itself, and an embedded PGlite directory must never be open in two
// processes at once: whichever process has it open holds its lock (lib/db/data-dir-lock.ts), so
// this refuses to start while another Tether, even an orphaned server, still has it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { constants, hostname as machineName } from "node:os";
import path from "node:path";
import { buildNeeded, writeBuildStamp } from "./build-stamp";
import { serverNodeOptions } from "./server-node-options";

const NEXT_BIN = path.join("node_modules", ".bin", "next");
const PRISMA_BIN = path.join("node_modules", ".bin", "prisma");

function say(message: string): void {
  console.log(`[tether] ${message}`);
}

function fail(message: string): never {
  console.error(`[tether] ${message}`);
  process.exit(1);
}

function port(): number {
  const raw = process.env.PORT ?? "3000";
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(`PORT must be a port number (1-65535); got "${raw}"`);
  return value;
}

/**
 * HOSTNAME picks the address to listen on. Containers and some shells export HOSTNAME as the
 * machine's own name, which is rarely a deliberate choice and would hide the server from
 * localhost, so that value is treated as unset.
 */
function listenHost(): string {
  const value = process.env.HOSTNAME?.trim();
  if (!value || value === machineName()) return "0.0.0.0";
  return value;
}

/** The address this machine reaches the server on: loopback when it listens on every address. */
function internalUrl(host: string, listenPort: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${listenPort}`;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) fail(`\`${path.basename(command)} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal})`);
}

/** Returns how to sign in, shown once the server starts (after the long build output). */
async function prepareDatabase(): Promise<{ login: string | null }> {
  // Imported only now: these modules load the generated Prisma client, which may have just been generated.
  const { describeDatabase, resolveDatabaseConfig } = await import("@/lib/db/config");
  const { openDatabase } = await import("@/lib/db/client");
  const { applyPendingMigrations } = await import("@/lib/db/migrate");
  const { DEMO_LOGIN, isDatabaseEmpty, seedDemoData } = await import("@/lib/demo/seed-demo");

  let config;
  try {
    config = resolveDatabaseConfig();
  } catch (error) {
    fail((error as Error).message);
  }
  say(`database: ${describeDatabase(config)}`);
  let login: string | null = null;
  let database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    // In use by another process, or damaged: the message names the directory and what to do.
    fail((error as Error).message);
  }
  try {
    const applied = await applyPendingMigrations(database);
    say(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database schema is up to date");
    if (process.env.TETHER_DEMO === "0") {
      say("demo data disabled (TETHER_DEMO=0)");
    } else if (await isDatabaseEmpty(database.prisma)) {
      const seeded = await seedDemoData(database.prisma);
      say(`created the demo organization '${seeded.organizationSlug}' with ${seeded.groups} sample groups`);
      login = [
        "",
        "  ┌──────────────────────────────────────────────┐",
        "  │  Demo login                                  │",
        `  │    email:    ${DEMO_LOGIN.email.padEnd(32)}│`,
        `  │    password: ${DEMO_LOGIN.password.padEnd(32)}│`,
        "  └──────────────────────────────────────────────┘",
        "",
      ].join("\n");
      console.log(login);
    } else if (await database.prisma.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } })) {
      login = `[tether] demo login (created on first run): ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`;
    }
  } finally {
    await database.close();
  }
  return { login };
}

async function main(): Promise<void> {
  const listenPort = port();
  const host = listenHost();
  if (!existsSync(NEXT_BIN)) fail("node_modules is missing: run `npm install` first");
  if (!existsSync(path.join("lib", "generated", "prisma", "client.ts"))) {
    say("generating the Prisma client");
    run(PRISMA_BIN, ["generate"]);
  }

  const { login } = await prepareDatabase();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${listenPort}`,
    // How the server calls itself (the sandbox Jira site's install and webhooks).
    TETHER_INTERNAL_URL: process.env.TETHER_INTERNAL_URL ?? internalUrl(host, listenPort),
  };
  const reason = buildNeeded();
  if (reason) {
    say(`building the dashboard (${reason}); this takes about a minute the first time`);
    run(NEXT_BIN, ["build"], env);
    writeBuildStamp();
  }

  say(`starting on http://localhost:${listenPort} (listening on ${host}:${listenPort})`);
  if (login) console.log(login);
  const child = spawn(NEXT_BIN, ["start", "-p", String(listenPort), "-H", host], { stdio: "inherit", env: { ...env, NODE_OPTIONS: serverNodeOptions(env.NODE_OPTIONS) } });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on("exit", (code, signal) => {
    process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
});
