import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDatabaseConfig, type DatabaseConfig } from "./config";
import { lockDataDirectory } from "./data-dir-lock";
import { openDataDirectory, openPGliteDirectory } from "./data-dir";
import { preparedStatementName, preparedStatementsEnabled } from "./statement-names";
import { pgliteExtensions } from "./pglite-extensions";

export type Db = PrismaClient;

/** A Prisma client with the handle of what it runs on, so the job queue can share it. */
export interface Database {
  prisma: PrismaClient;
  config: DatabaseConfig;
  /** Present on the embedded database: pg-boss and the migration runner use the same instance. */
  pglite: PGlite | null;
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig = resolveDatabaseConfig()): Promise<Database> {
  if (config.kind === "postgres") {
    const max = Number(process.env.DATABASE_POOL_MAX ?? 10);
    const adapter = new PrismaPg({ connectionString: config.url, max }, preparedStatementsEnabled() ? { statementNameGenerator: preparedStatementName } : {});
    const prisma = new PrismaClient({ adapter });
    return { prisma, config, pglite: null, close: () => prisma.$disconnect() };
  }
  if (!config.dataDir) {
    const pglite = new PGlite({ extensions: pgliteExtensions });
    await pglite.waitReady;
    return embedded(config, pglite, async () => undefined);
  }
  // Two processes writing one PGlite directory destroy it: this process holds the directory's
  // lock for as long as the database is open (lib/db/data-dir-lock.ts).
  const lock = await lockDataDirectory(openDataDirectory(config.dataDir));
  try {
    return embedded(config, await openPGliteDirectory(config.dataDir), () => lock.release());
  } catch (error) {
    await lock.release();
    throw error;
  }
}

function embedded(config: DatabaseConfig, pglite: PGlite, release: () => Promise<void>): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    config,
    pglite,
    async close() {
      try {
        await prisma.$disconnect();
        if (!pglite.closed) await pglite.close();
      } finally {
        await release();
      }
    },
  };
}

// One database per process: PGlite must never be opened twice on one directory, and Next.js
// re-evaluates modules in development, so the instance lives on globalThis.
const holder = globalThis as unknown as { __tetherDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  holder.__tetherDatabase ??= openDatabase().catch((error: unknown) => {
    holder.__tetherDatabase = undefined;
    throw error;
  });
  return holder.__tetherDatabase;
}

export async function getDb(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

/** Tests install their own database as the process database. */
export function setDatabase(database: Database | undefined): void {
  holder.__tetherDatabase = database ? Promise.resolve(database) : undefined;
}
