import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGliteWithExtensions } from "./pglite-extensions";
import type { Database } from "./client";
import { MIGRATIONS_DIR, NO_FILTERS, migrationList, openSchemaEngine, readSchemaFile } from "./schema-engine";

export function migrationAdapterFor(database: Database): SqlMigrationAwareDriverAdapterFactory {
  if (database.pglite) return new PrismaPGliteWithExtensions(database.pglite);
  if (database.config.kind !== "postgres") throw new Error("PGlite database without an instance");
  return new PrismaPg({ connectionString: database.config.url, max: 1 });
}

/**
 * Applies the pending migrations under prisma/migrations exactly as `prisma migrate deploy` would
 * (rows in `_prisma_migrations`, checksum = sha256 of migration.sql), through Prisma's wasm engine.
 */
export async function applyPendingMigrations(database: Database, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const session = await openSchemaEngine(migrationAdapterFor(database));
  try {
    const result = await session.engine.applyMigrations({ migrationsList: migrationList(dir), filters: NO_FILTERS });
    return result.appliedMigrationNames;
  } finally {
    await session.close();
  }
}

/**
 * SQL that would take the live database to schema.prisma ("" or only comments = no drift).
 * The engine can describe a PGlite database; through the pg adapter it cannot yet (it fails to
 * decode the `"char"` catalog type), so PostgreSQL is compared by catalog instead (see tests).
 */
export async function diffDatabaseToSchema(database: Database): Promise<string> {
  const session = await openSchemaEngine(migrationAdapterFor(database));
  try {
    const result = await session.engine.diff({
      from: { tag: "schemaDatasource", files: [readSchemaFile()], configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files: [readSchemaFile()] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  } finally {
    await session.close();
  }
}

export async function appliedMigrations(database: Database): Promise<{ name: string; finishedAt: Date | null }[]> {
  const rows = await database.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
    SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at`;
  return rows.map((row) => ({ name: row.migration_name, finishedAt: row.finished_at }));
}
