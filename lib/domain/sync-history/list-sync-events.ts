import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseWith } from "@/lib/errors";
import { formatShortId, parseShortId } from "@/lib/domain/groups/short-id";
import { encodeSyncEventCursor, syncEventFiltersSchema, type SyncEventFiltersInput } from "./sync-event-filters";

/** The paging part of the filters, for lists that page without filtering (a group's timeline); listSyncEvents reads the cursor. */
export const syncEventPageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type SyncEventPage = SyncEventFiltersInput;

/** What a list row carries: never the payload (the detail answers it, with secrets left out). */
/** The columns of a sync-history row every view shows; the detail adds the integration and job id. */
export const LIST_SELECT = {
  id: true,
  provider: true,
  direction: true,
  kind: true,
  outcome: true,
  reason: true,
  error: true,
  attempt: true,
  externalKey: true,
  durationMs: true,
  deliveryId: true,
  job: true,
  createdAt: true,
  payload: true,
  group: { select: { id: true, title: true, shortId: true, project: { select: { slug: true } } } },
} satisfies Prisma.SyncEventSelect;

type ListedRow = Prisma.SyncEventGetPayload<{ select: typeof LIST_SELECT }>;

/** The group a filter named, as the page shows it; null when no group of the organization has that id or short id. */
export interface SyncHistoryGroup {
  id: string;
  shortId: string;
  title: string;
}

/**
 * Sync history of an organization, or of one of its groups, newest first, filtered and paged by
 * keyset (created at, id): a page costs the same wherever it starts. Always scoped by the
 * organization, so a group id of another organization yields nothing.
 */
export async function listSyncEvents(db: Db, scope: { organizationId: string; groupId?: string }, page: SyncEventPage = {}) {
  // Bad filters (a cursor this API never gave, an unknown kind) are the caller's 400, not a 500.
  const filters = parseWith(syncEventFiltersSchema, page, "Invalid sync history filters");
  const { limit, cursor } = filters;
  let groupId = scope.groupId;
  let group: SyncHistoryGroup | null | undefined;
  if (filters.group !== undefined) {
    group = await findGroup(db, scope.organizationId, filters.group);
    if (!group || (groupId !== undefined && group.id !== groupId)) return { items: [], nextCursor: null, group };
    groupId = group.id;
  }
  const createdAt: Prisma.DateTimeFilter = {
    ...(filters.from ? { gte: filters.from } : {}),
    ...(filters.to ? { lt: filters.to } : {}),
    // Bounds the index range at the cursor; the OR below only settles ties on the same instant.
    ...(cursor ? { lte: cursor.createdAt } : {}),
  };
  const rows = await db.syncEvent.findMany({
    where: {
      organizationId: scope.organizationId,
      ...(groupId !== undefined ? { groupId } : {}),
      ...(filters.provider ? { provider: filters.provider } : {}),
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.direction ? { direction: filters.direction } : {}),
      ...(filters.outcome ? { outcome: filters.outcome } : {}),
      ...(Object.keys(createdAt).length ? { createdAt } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    select: LIST_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const items = await withDiscordContext(db, pageRows);
  return {
    items: items.map(toListItem),
    nextCursor: rows.length > limit && last ? encodeSyncEventCursor(last) : null,
    ...(group !== undefined ? { group } : {}),
  };
}

function toListItem({ payload: _payload, group, ...row }: ListedRow & { discord?: DiscordSyncContext }) {
  return { ...row, group: group ? { id: group.id, title: group.title, shortId: formatShortId(group.project.slug, group.shortId) } : null };
}

/** A group of the organization by id or short id (API-1F). */
async function findGroup(db: Db, organizationId: string, idOrShortId: string): Promise<SyncHistoryGroup | null> {
  const short = parseShortId(idOrShortId);
  const row = await db.group.findFirst({
    where: short ? { shortId: short.shortId, project: { slug: short.projectSlug, organizationId } } : { id: idOrShortId, project: { organizationId } },
    select: { id: true, title: true, shortId: true, project: { select: { slug: true } } },
  });
  return row ? { id: row.id, title: row.title, shortId: formatShortId(row.project.slug, row.shortId) } : null;
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
export async function withDiscordContext<Row extends { provider: string; kind: string; externalKey: string | null; payload: unknown }>(db: Db, rows: Row[]): Promise<Array<Row & { discord?: DiscordSyncContext }>> {
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
