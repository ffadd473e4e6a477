import path from "node:path";

/** Where Tether keeps its data, decided once from `DATABASE_URL`. */
export type DatabaseConfig =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | null };

export const DEFAULT_DATA_DIR = ".data";

export function dataDirectory(): string {
  // The path is only known at run time; without the hint Turbopack traces the whole project into the build.
  return path.resolve(/* turbopackIgnore: true */ process.env.TETHER_DATA_DIR ?? DEFAULT_DATA_DIR);
}

/**
 * `postgres://…` / `postgresql://…` → PostgreSQL; `pglite:memory` → in-memory PGlite (tests);
 * `pglite:<dir>` → PGlite persisted in that directory; unset → PGlite under `./.data/pglite`.
 */
export function resolveDatabaseConfig(url: string | undefined = process.env.DATABASE_URL): DatabaseConfig {
  const value = url?.trim();
  if (!value) return { kind: "pglite", dataDir: path.join(dataDirectory(), "pglite") };
  if (value.startsWith("postgres://") || value.startsWith("postgresql://")) return { kind: "postgres", url: value };
  if (value === "pglite:memory" || value === "memory://") return { kind: "pglite", dataDir: null };
  if (value.startsWith("pglite:")) return { kind: "pglite", dataDir: path.resolve(value.slice("pglite:".length)) };
  throw new Error(`DATABASE_URL must be postgres://…, pglite:memory or pglite:<dir>; got "${value.slice(0, 40)}"`);
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === "postgres") {
    const u = new URL(config.url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  }
  return config.dataDir ? `embedded PGlite (${config.dataDir})` : "embedded PGlite (in memory)";
}
