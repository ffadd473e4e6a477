import { describe, expect, it } from "vitest";
import { preparedStatementName, preparedStatementsEnabled } from "./statement-names";
import { postgresReachable } from "@/lib/testing/db";
import { useTestDatabase } from "@/lib/testing/test-database";

const query = (sql: string, args: unknown[] = [1]) => ({ sql, args, argTypes: [] });

describe("preparedStatementName", () => {
  it("names a parameterized statement by its text: equal texts share a name, different texts do not", () => {
    const a = preparedStatementName(query('SELECT "id" FROM "User" WHERE "id" = $1'));
    expect(a).toMatch(/^t_[A-Za-z0-9_-]{27}$/);
    expect(preparedStatementName(query('SELECT "id" FROM "User" WHERE "id" = $1', ["other"]))).toBe(a);
    expect(preparedStatementName(query('SELECT "email" FROM "User" WHERE "id" = $1'))).not.toBe(a);
    // PostgreSQL truncates identifiers past 63 bytes; two names must not collide by truncation.
    expect(a.length).toBeLessThanOrEqual(63);
  });

  it("leaves a statement without parameters unnamed (it may hold several commands)", () => {
    expect(preparedStatementName(query("SELECT 1; SELECT 2", []))).toBe("");
  });

  it("is on unless DATABASE_PREPARED_STATEMENTS=0", () => {
    expect(preparedStatementsEnabled({})).toBe(true);
    expect(preparedStatementsEnabled({ DATABASE_PREPARED_STATEMENTS: "1" })).toBe(true);
    expect(preparedStatementsEnabled({ DATABASE_PREPARED_STATEMENTS: "0" })).toBe(false);
  });
});

describe.runIf(await postgresReachable())("prepared statements on PostgreSQL", () => {
  const testDatabase = useTestDatabase("postgres");

  it("prepares a Prisma query once per connection and reuses it", async () => {
    const names = await testDatabase().prisma.$transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.user.findMany({ where: { email: `nobody-${i}@example.com` } });
      return tx.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements WHERE name LIKE 't\\_%'`;
    });
    expect(names).toHaveLength(1);
  });

  it("still runs raw SQL of several commands", async () => {
    await expect(testDatabase().prisma.$executeRawUnsafe("SELECT 1; SELECT 2")).resolves.toBeDefined();
  });
});
