// Proves a refused request wrote nothing: a trigger on every table counts committed row changes
// in one row, so checking a request costs one tiny query instead of a fingerprint of every table.
// The count is transactional: a write rolled back is not counted (the database did not change).
import type { Database } from "@/lib/db/client";

/**
 * Writes a refused request may legitimately make, with the reason: an update that changes only
 * these columns is not counted; "*" leaves the whole table out. Tables that do not exist are
 * ignored.
 */
export const WRITES_ALLOWED_ON_REFUSAL: Record<string, { columns: string[] | "*"; reason: string }> = {
  ApiToken: { columns: ["lastUsedAt"], reason: "verifying a valid token stamps lastUsedAt (once a minute) before the request is refused" },
  SignInThrottle: { columns: "*", reason: "a refused sign-in is counted against the account and the address: that write is the throttle" },
};

const COUNTER = "reliability_row_writes";

async function exec(database: Database, sql: string): Promise<void> {
  if (database.pglite) await database.pglite.exec(sql);
  else await database.prisma.$executeRawUnsafe(sql);
}

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Installs the counting triggers on every table of the public schema; returns a reader of the count. */
export async function installWriteCounter(database: Database): Promise<() => Promise<number>> {
  const tables = await database.prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
  await exec(
    database,
    `CREATE TABLE ${COUNTER} (n bigint NOT NULL);
     INSERT INTO ${COUNTER} VALUES (0);
     CREATE FUNCTION ${COUNTER}_count() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - TG_ARGV) = (to_jsonb(NEW) - TG_ARGV) THEN RETURN NULL; END IF;
       UPDATE ${COUNTER} SET n = n + 1;
       RETURN NULL;
     END $$;`,
  );
  for (const { name } of tables) {
    const columns = WRITES_ALLOWED_ON_REFUSAL[name]?.columns ?? [];
    if (columns === "*") continue;
    const ignored = columns.map(quoteLiteral).join(", ");
    await exec(database, `CREATE TRIGGER ${COUNTER}_trigger AFTER INSERT OR UPDATE OR DELETE ON "${name.replaceAll('"', '""')}" FOR EACH ROW EXECUTE FUNCTION ${COUNTER}_count(${ignored})`);
  }
  return async () => {
    const sql = `SELECT n::text AS n FROM ${COUNTER}`;
    const rows = database.pglite ? (await database.pglite.query<{ n: string }>(sql)).rows : await database.prisma.$queryRawUnsafe<{ n: string }[]>(sql);
    return Number(rows[0].n);
  };
}
