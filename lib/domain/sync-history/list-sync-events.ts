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
  const pageRows = rows.slice(0, limit);
  const items = await withDiscordContext(db, pageRows);
  return { items, nextCursor: rows.length > limit ? pageRows[pageRows.length - 1].id : null };
}

/** Where a Discord row happened and who acted, as the history shows it: the channel, the Discord user and their Tether user. */
export interface DiscordSyncContext {
  channelId: string | null;
  discordUserId: string | null;
  userEmail: string | null;
}

/** The kinds of Discord rows that happen in a channel: interactions and messages sent to one. */
const CHANNEL_KINDS = new Set(["interaction", "notification"]);

const discordPayloadSchema = z
  .object({ channelId: z.string().nullish(), discordUserId: z.string().nullish(), userId: z.string().nullish() })
  .partial()
  .catch({});

/**
 * Discord rows carry the channel and the acting user in their payload (interactions) or their
 * external key (messages sent to a channel); the linked users' emails are read in one query.
 */
async function withDiscordContext<Row extends { provider: string; kind: string; externalKey: string | null; payload: unknown }>(db: Db, rows: Row[]): Promise<Array<Row & { discord?: DiscordSyncContext }>> {
  const parsed = rows.map((row) => (row.provider === "discord" ? discordPayloadSchema.parse(row.payload ?? {}) : null));
  const userIds = [...new Set(parsed.flatMap((payload) => (payload?.userId ? [payload.userId] : [])))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return rows.map((row, index) => {
    const payload = parsed[index];
    // Install, link and unlink rows name a server or a user, not a channel: they keep their external key.
    if (!payload || !CHANNEL_KINDS.has(row.kind)) return row;
    return {
      ...row,
      discord: { channelId: payload.channelId ?? row.externalKey, discordUserId: payload.discordUserId ?? null, userEmail: payload.userId ? (emailOf.get(payload.userId) ?? null) : null },
    };
  });
}
