import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";

// Prisma's CLI cannot fetch its native schema engine on these machines; the same engine ships as
// WebAssembly and speaks to the database through a driver adapter (stack-notes.md §4a).

export const PRISMA_DIR = path.resolve("prisma");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

let wasmReady: Promise<void> | null = null;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(bgPath), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": bg });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export function readSchemaFile(): { path: string; content: string } {
  return { path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, "utf8") };
}

export interface SchemaEngineSession {
  engine: bg.SchemaEngine;
  /** Frees the engine and closes every connection it opened (the migration advisory lock too). */
  close(): Promise<void>;
}

export async function openSchemaEngine(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngineSession> {
  await loadWasm();
  const opened: { dispose(): Promise<void> }[] = [];
  // The engine never disposes the connections it asks for; on PostgreSQL a lingering one keeps
  // holding Prisma's migration advisory lock, so the next run waits 10 s for it.
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    async connect() {
      const connection = await adapter.connect();
      opened.push(connection);
      return connection;
    },
    async connectToShadowDb() {
      const connection = await adapter.connectToShadowDb();
      opened.push(connection);
      return connection;
    },
  };
  const schema = readSchemaFile();
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.allSettled(opened.map((connection) => connection.dispose()));
    },
  };
}

export interface MigrationFileOnDisk {
  name: string;
  sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFileOnDisk[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

export function migrationList(dir: string = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(dir).map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

/** SQL that takes the database described by the migrations to the one `schema.prisma` describes. */
export async function diffMigrationsToSchema(engine: bg.SchemaEngine, dir: string = MIGRATIONS_DIR): Promise<string> {
  const list = migrationList(dir);
  const from = list.migrationDirectories.length === 0 ? ({ tag: "empty" } as const) : ({ tag: "migrations", ...list } as const);
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [readSchemaFile()] },
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  return result.stdout ?? "";
}

/** True when the SQL a diff produced has no statement in it (only comments and blank lines). */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}
