import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * The project's Release rows for these versions, creating the missing ones. Versions are inserted
 * in sorted order so two batches naming the same new releases cannot deadlock each other.
 */
export async function ensureReleases(tx: Tx, projectId: string, versions: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(versions)].sort();
  if (wanted.length === 0) return new Map();
  const find = () => tx.release.findMany({ where: { projectId, version: { in: wanted } }, select: { id: true, version: true } });
  let rows = await find();
  // Almost every batch names releases seen before: one read, and writes only for new ones.
  if (rows.length < wanted.length) {
    await tx.release.createMany({ data: wanted.map((version) => ({ projectId, version })), skipDuplicates: true });
    rows = await find();
  }
  return new Map(rows.map((row) => [row.version, row.id]));
}
