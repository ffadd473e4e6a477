import { createHash } from "node:crypto";
import type { SqlQuery } from "@prisma/driver-adapter-utils";

/**
 * Names for PostgreSQL prepared statements, so that each pooled connection parses and plans a
 * statement once and then only binds and executes it. Without a name, node-postgres sends every
 * query as an unnamed statement that PostgreSQL parses and plans again; on the webhook path that was
 * about as much database CPU as the server's own per request.
 *
 * The name is a hash of the SQL text: node-postgres refuses one name for two texts on a
 * connection, and equal texts share a plan. A statement without parameters stays unnamed: it is
 * what raw SQL of several commands looks like, which the extended protocol (that names need)
 * cannot run. DATABASE_PREPARED_STATEMENTS=0 turns names off, for a connection pooler that
 * hands one client's statements to different server connections (PgBouncer in transaction mode
 * before 1.21).
 */
export function preparedStatementName(query: SqlQuery): string {
  if (query.args.length === 0) return "";
  return `t_${createHash("sha1").update(query.sql).digest("base64url")}`;
}

export function preparedStatementsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.DATABASE_PREPARED_STATEMENTS !== "0";
}
