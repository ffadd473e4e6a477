// Counts the SQL statements a piece of code sends, at the driver adapter: every queryRaw and
// executeRaw, inside a transaction or not, plus the transaction's BEGIN and COMMIT/ROLLBACK.
// @prisma/adapter-pg sends BEGIN inside startTransaction (not through executeRaw) and COMMIT
// through executeRaw; PGlite's adapter sends neither through the adapter ("phantom" queries), so
// both are counted where they happen. The count is what crosses to the database, round trip by
// round trip: the number issue 10 sets a bound on.
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Database } from "@/lib/db/client";
import { PrismaClient } from "@/lib/generated/prisma/client";

export interface QueryCounter {
  /** A database whose client counts; same tables and connection target as the one it wraps. */
  database: Database;
  /** Statements since the last reset, in order (BEGIN/COMMIT/ROLLBACK included). */
  readonly statements: readonly string[];
  count(): number;
  reset(): void;
}

function countingQueryable<T extends SqlDriverAdapter | Transaction>(target: T, record: (sql: string) => void, wrapTransaction: (tx: Transaction) => Transaction): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: SqlQuery) => {
          record(query.sql);
          return (value as (q: SqlQuery) => Promise<unknown>).call(object, query);
        };
      }
      if (property === "startTransaction") {
        return async (...args: unknown[]) => {
          const tx = await (value as (...a: unknown[]) => Promise<Transaction>).apply(object, args);
          record("BEGIN");
          return wrapTransaction(tx);
        };
      }
      if ((property === "commit" || property === "rollback") && (object as Transaction).options?.usePhantomQuery) {
        return () => {
          record(property === "commit" ? "COMMIT" : "ROLLBACK");
          return (value as () => Promise<void>).call(object);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(object);
    },
  });
}

function countingFactory(factory: SqlDriverAdapterFactory, record: (sql: string) => void): SqlDriverAdapterFactory {
  const wrapTransaction = (tx: Transaction): Transaction => countingQueryable(tx, record, wrapTransaction);
  return new Proxy(factory, {
    get(object, property, receiver) {
      if (property === "connect") return async () => countingQueryable(await object.connect(), record, wrapTransaction);
      const value: unknown = Reflect.get(object, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** A second Prisma client on the same database whose statements are counted; close() closes only it. */
export function countQueries(database: Database): QueryCounter {
  const statements: string[] = [];
  const record = (sql: string) => {
    statements.push(sql);
  };
  const factory: SqlDriverAdapterFactory =
    database.config.kind === "postgres" ? new PrismaPg({ connectionString: database.config.url, max: 4 }) : new PrismaPGlite(requirePglite(database));
  const prisma = new PrismaClient({ adapter: countingFactory(factory, record) });
  return {
    database: { ...database, prisma, close: () => prisma.$disconnect() },
    statements,
    count: () => statements.length,
    reset: () => {
      statements.length = 0;
    },
  };
}

function requirePglite(database: Database) {
  if (!database.pglite) throw new Error("an embedded database without its PGlite handle");
  return database.pglite;
}
