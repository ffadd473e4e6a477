import { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

interface Part {
  sql: Prisma.Sql;
  onRows?: (rows: unknown[]) => void;
}

/**
 * Writes collected while a change runs and sent as one statement before its transaction commits:
 * each write becomes a data-modifying CTE of a single WITH, one round trip for all of them.
 *
 * The writes share one snapshot and cannot see each other's rows, so a batch must never hold two
 * writes to the same row, and a read that must see a buffered write has to flush first.
 */
export class WriteBatch {
  private parts: Part[] = [];

  get size(): number {
    return this.parts.length;
  }

  /** A write whose result nobody needs. */
  add(sql: Prisma.Sql): void {
    this.parts.push({ sql });
  }

  /** A write with a RETURNING clause: its rows (as JSON, so text and numbers only) reach onRows when the batch is sent. */
  addReturning<T>(sql: Prisma.Sql, onRows: (rows: T[]) => void): void {
    this.parts.push({ sql, onRows: onRows as (rows: unknown[]) => void });
  }

  async flush(tx: Tx): Promise<void> {
    const parts = this.parts;
    this.parts = [];
    if (parts.length === 0) return;
    if (parts.length === 1 && !parts[0].onRows) {
      await tx.$executeRaw(parts[0].sql);
      return;
    }
    const ctes = Prisma.join(
      parts.map((part, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${part.sql})`),
      ", ",
    );
    const returning = parts.flatMap((part, i) => (part.onRows ? [i] : []));
    const select =
      returning.length > 0
        ? Prisma.raw(returning.map((i) => `SELECT ${i} AS part, to_jsonb(w${i}.*) AS row FROM w${i}`).join(" UNION ALL "))
        : Prisma.raw("SELECT NULL::int AS part, NULL::jsonb AS row WHERE false");
    const rows = await tx.$queryRaw<{ part: number; row: unknown }[]>`WITH ${ctes} ${select}`;
    for (const i of returning) parts[i].onRows?.(rows.filter((row) => row.part === i).map((row) => row.row));
  }
}
