import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client";
import { appliedMigrations, applyPendingMigrations, diffDatabaseToSchema } from "./migrate";
import { diffMigrationsToSchema, isEmptyMigration, openSchemaEngine, readMigrations } from "./schema-engine";
import { createTestDatabase, postgresReachable } from "@/lib/testing/db";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGliteWithExtensions, pgliteExtensions } from "./pglite-extensions";

/** A normalised description of every table, column, index, constraint and enum in "public". */
async function catalog(database: Database): Promise<string[]> {
  const rows = await database.prisma.$queryRawUnsafe<{ line: string }[]>(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' -- PostgreSQL 17 (PGlite) also lists NOT NULL here; columns cover it
    UNION ALL
    SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
  return rows.map((row) => row.line).sort();
}

describe("migrations", () => {
  let lite: Database;
  beforeAll(async () => {
    lite = await createTestDatabase("pglite");
  });
  afterAll(async () => {
    await lite.close();
  });

  it("writes nothing new: schema.prisma is fully described by prisma/migrations", async () => {
    const session = await openSchemaEngine(new PrismaPGliteWithExtensions(new PGlite({ extensions: pgliteExtensions })));
    try {
      const sql = await diffMigrationsToSchema(session.engine);
      expect(isEmptyMigration(sql), sql).toBe(true);
    } finally {
      await session.close();
    }
  });

  it("applies every migration to an empty PGlite database with no drift from schema.prisma", async () => {
    const drift = await diffDatabaseToSchema(lite);
    expect(isEmptyMigration(drift), drift).toBe(true);
  });

  it("records migrations like prisma migrate deploy (checksum = sha256 of migration.sql)", async () => {
    const rows = await lite.prisma.$queryRaw<{ migration_name: string; checksum: string; applied_steps_count: number }[]>`
      SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`;
    const onDisk = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const [i, m] of onDisk.entries()) {
      expect(rows[i].checksum).toBe(createHash("sha256").update(m.sql).digest("hex"));
      expect(rows[i].applied_steps_count).toBe(1);
    }
    expect(await applyPendingMigrations(lite)).toEqual([]);
    expect((await appliedMigrations(lite)).length).toBe(onDisk.length);
  });

  it("detects drift when the database differs from schema.prisma", async () => {
    const scratch = await createTestDatabase("pglite");
    try {
      await scratch.prisma.$executeRawUnsafe(`ALTER TABLE "Group" ADD COLUMN "unexpected" integer`);
      expect(isEmptyMigration(await diffDatabaseToSchema(scratch))).toBe(false);
    } finally {
      await scratch.close();
    }
  });

  it("builds the same PostgreSQL schema as the drift-free PGlite one", async (ctx) => {
    if (!(await postgresReachable())) ctx.skip();
    const pgDb = await createTestDatabase("postgres");
    try {
      expect(await catalog(pgDb)).toEqual(await catalog(lite));
      expect(await applyPendingMigrations(pgDb)).toEqual([]);
    } finally {
      await pgDb.close();
    }
  });
});
