import { afterAll, beforeAll } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, type TestDatabaseKind } from "./db";

/**
 * A throwaway database of `kind` for the enclosing describe block: created and made the app's
 * database before its tests, closed after them. Call the returned function inside a test or hook.
 * (Kept apart from db.ts, which code outside vitest imports.)
 */
export function useTestDatabase(kind: TestDatabaseKind): () => Database {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database?.close();
  });
  return () => {
    if (!database) throw new Error("the test database is opened in beforeAll; use it inside a test or a later hook");
    return database;
  };
}
