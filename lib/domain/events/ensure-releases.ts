import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * The project's Release rows for these versions, creating the missing ones, in one statement.
 * Versions are inserted in sorted order so two batches naming the same new releases cannot
 * deadlock each other.
 */
export async function ensureReleases(tx: Tx, projectId: string, versions: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(versions)].sort();
  if (wanted.length === 0) return new Map();
  // The insert's new rows come back through RETURNING, the ones that existed through the read
  // (both see the statement's snapshot, so no row is in both). A release another batch inserted
  // after that snapshot is skipped by ON CONFLICT yet invisible to the read: read again for it.
  const rows = await tx.$queryRaw<{ id: string; version: string }[]>`
    WITH wanted AS (
      SELECT w.version, w.id FROM unnest(${wanted}::text[], ${wanted.map(() => randomUUID())}::text[]) AS w(version, id)
    ), existing AS (
      SELECT r.id, r.version FROM "Release" r WHERE r."projectId" = ${projectId} AND r.version IN (SELECT version FROM wanted)
    ), added AS (
      INSERT INTO "Release" (id, "projectId", version)
      SELECT w.id, ${projectId}, w.version FROM wanted w
      WHERE w.version NOT IN (SELECT version FROM existing)
      ORDER BY w.version
      ON CONFLICT ("projectId", version) DO NOTHING
      RETURNING id, version
    )
    SELECT id, version FROM existing UNION ALL SELECT id, version FROM added`;
  if (rows.length < wanted.length) {
    const found = await tx.release.findMany({ where: { projectId, version: { in: wanted } }, select: { id: true, version: true } });
    return new Map(found.map((row) => [row.version, row.id]));
  }
  return new Map(rows.map((row) => [row.version, row.id]));
}
