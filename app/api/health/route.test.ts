import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/schema-engine";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import packageJson from "@/package.json";
import { GET } from "./route";

const kinds = await testDatabaseKinds();
const shipped = readMigrations().map((migration) => migration.name);

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await GET();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(kinds)("GET /api/health on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it("answers 200 with the database kind, the applied migrations and the version", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      database: { kind, reachable: true },
      migrations: { applied: shipped.length, latest: shipped.at(-1), pending: 0 },
      version: packageJson.version,
    });
  });
});

describe("GET /api/health when the instance cannot serve", () => {
  afterAll(() => setDatabase(undefined));

  it("answers 503 while migrations are pending", async () => {
    const bare = await createTestDatabase("pglite", { migrate: false });
    setDatabase(bare);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: "error",
        database: { kind: "pglite", reachable: true },
        migrations: { applied: 0, latest: null, pending: shipped.length },
      });
      expect(String(body.reason)).toMatch(/not applied/);
    } finally {
      await bare.close();
    }
  });

  it("answers 503 with the reason when the database does not answer", async () => {
    // Nothing listens on port 1; the pg pool only connects on the first query.
    const unreachable = await openDatabase({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:1/tether" });
    setDatabase(unreachable);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: "error", database: { kind: "postgres", reachable: false }, version: packageJson.version });
      expect(String(body.reason)).toMatch(/unreachable/);
    } finally {
      await unreachable.close();
    }
  });

  it("answers 503 when the database cannot even be opened", async () => {
    const holder = globalThis as unknown as { __tetherDatabase?: Promise<Database> };
    holder.__tetherDatabase = Promise.reject(new Error("disk full"));
    holder.__tetherDatabase.catch(() => undefined);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "error", database: { kind: "unknown", reachable: false } });
    expect(String(body.reason)).toContain("disk full");
  });
});
