import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { describeError } from "@/lib/db/unavailable";

// Deliberately not built on lib/db/migrate: that pulls Prisma's wasm schema engine into the web
// server bundle, and the health check only needs names.

export type HealthReport =
  | {
      status: "ok";
      database: { kind: Database["config"]["kind"]; reachable: true };
      migrations: { applied: number; latest: string | null; pending: number };
    }
  | {
      status: "error";
      database: { kind: Database["config"]["kind"] | "unknown"; reachable: boolean };
      migrations?: { applied: number; latest: string | null; pending: number };
      reason: string;
    };

const TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether this instance can serve: the database answers and every migration shipped with the code
 * is applied (a schema behind the code would fail requests later, so it is reported as an error).
 */
export async function checkHealth(openDatabase: () => Promise<Database>): Promise<HealthReport> {
  let database: Database;
  try {
    database = await withTimeout(openDatabase(), "opening the database");
  } catch (error) {
    return { status: "error", database: { kind: "unknown", reachable: false }, reason: `database unavailable: ${messageOf(error)}` };
  }
  const kind = database.config.kind;
  let applied: { name: string; finishedAt: Date | null }[];
  try {
    await withTimeout(database.prisma.$queryRaw`SELECT 1`, "the database");
    applied = await withTimeout(appliedMigrationsOrNone(database), "the database");
  } catch (error) {
    return { status: "error", database: { kind, reachable: false }, reason: `database unreachable: ${messageOf(error)}` };
  }
  const finished = applied.filter((migration) => migration.finishedAt !== null).map((migration) => migration.name);
  const pending = shippedMigrations().filter((name) => !finished.includes(name)).length;
  const migrations = { applied: finished.length, latest: finished.at(-1) ?? null, pending };
  if (pending > 0) {
    return { status: "error", database: { kind, reachable: true }, migrations, reason: `${pending} migration(s) not applied yet` };
  }
  return { status: "ok", database: { kind, reachable: true }, migrations };
}

/** The migrations this code ships with (prisma/migrations/<name>/migration.sql). */
function shippedMigrations(): string[] {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name);
}

/** A database nothing was ever applied to has no _prisma_migrations table yet. */
async function appliedMigrationsOrNone(database: Database): Promise<{ name: string; finishedAt: Date | null }[]> {
  const [table] = await database.prisma.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS "exists"`;
  if (!table?.exists) return [];
  const rows = await database.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
    SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`;
  return rows.map((row) => ({ name: row.migration_name, finishedAt: row.finished_at }));
}

// Prisma's messages start with an empty line (the reason is on the last one), so the first line
// alone left `reason` empty.
function messageOf(error: unknown): string {
  return describeError(error);
}
