import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyPendingMigrations } from "@/lib/db/migrate";

export type TestDatabaseKind = "pglite" | "postgres";

/** The server tests create throwaway databases on: TEST_POSTGRES_URL, DATABASE_URL, or the local one. */
export function postgresAdminUrl(): string {
  const fromEnv = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL;
  if (fromEnv?.startsWith("postgres")) return fromEnv;
  return "postgresql://postgres@127.0.0.1:5432/postgres";
}

let reachable: Promise<boolean> | null = null;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    if (process.env.TETHER_TEST_SKIP_POSTGRES === "1") return false;
    const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** Kinds to run database tests on: always PGlite, and PostgreSQL when a server answers. */
export async function testDatabaseKinds(): Promise<TestDatabaseKind[]> {
  return (await postgresReachable()) ? ["pglite", "postgres"] : ["pglite"];
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database: in-memory PGlite, or a new database on the PostgreSQL server
 * (dropped again by close()).
 */
export async function createTestDatabase(kind: TestDatabaseKind = "pglite", options: { migrate?: boolean } = {}): Promise<Database> {
  let database: Database;
  if (kind === "pglite") {
    database = await openDatabase({ kind: "pglite", dataDir: null });
  } else {
    const name = `tether_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = new URL(postgresAdminUrl());
    url.pathname = `/${name}`;
    const opened = await openDatabase({ kind: "postgres", url: url.toString() });
    database = {
      ...opened,
      async close() {
        await opened.close();
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  if (options.migrate !== false) await applyPendingMigrations(database);
  return database;
}

/**
 * A second, independent client of a test PostgreSQL database: what another app instance sharing
 * it has (its own pool, its own pg-boss). Closing it leaves the database to its creator.
 */
export async function openAnotherInstance(database: Database): Promise<Database> {
  if (database.config.kind !== "postgres") throw new Error("a second instance needs a PostgreSQL test database");
  return openDatabase({ kind: "postgres", url: database.config.url });
}
