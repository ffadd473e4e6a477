import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { IntegrationProvider } from "@/lib/generated/prisma/enums";

export const syncEventPageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last row of the previous page. */
  cursor: z.string().min(1).optional(),
  outcome: z.enum(["applied", "skipped", "failed", "retrying", "pending"]).optional(),
  direction: z.enum(["inbound", "outbound"]).optional(),
  provider: z.enum(IntegrationProvider).optional(),
});
export type SyncEventPage = z.input<typeof syncEventPageSchema>;

/**
 * Sync history of an organization, or of one of its groups, newest first. Always scoped by the
 * organization so a group id of another organization yields nothing.
 */
export async function listSyncEvents(db: Db, scope: { organizationId: string; groupId?: string }, page: SyncEventPage = {}) {
  const { limit, cursor, outcome, direction, provider } = syncEventPageSchema.parse(page);
  const rows = await db.syncEvent.findMany({
    where: {
      organizationId: scope.organizationId,
      ...(scope.groupId ? { groupId: scope.groupId } : {}),
      ...(outcome ? { outcome } : {}),
      ...(direction ? { direction } : {}),
      ...(provider ? { provider } : {}),
    },
    include: { group: { select: { id: true, title: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
