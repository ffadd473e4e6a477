import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDatabaseConfig, type DatabaseConfig } from "./config";

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
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.url, max }) });
    return { prisma, config, pglite: null, close: () => prisma.$disconnect() };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const pglite = config.dataDir ? new PGlite(config.dataDir) : new PGlite();
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    config,
    pglite,
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
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
