import type { Db } from "@/lib/db/client";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { notFound } from "@/lib/errors";

// The signed-in user's own Discord links, for their profile page. Linking happens in Discord
// (/link, identity-links.ts); unlinking can happen here too, with the same trail in the sync history.

export interface UserDiscordIdentity {
  id: string;
  discordUserId: string;
  guild: { id: string; name: string };
  linkedAt: string;
}

export async function listUserDiscordIdentities(db: Db, userId: string): Promise<UserDiscordIdentity[]> {
  const rows = await db.identity.findMany({
    where: { userId, idp: { type: "discord" } },
    orderBy: { createdAt: "asc" },
    select: { id: true, externalId: true, createdAt: true, idp: { select: { externalId: true, integration: { select: { name: true } } } } },
  });
  return rows.map((row) => ({
    id: row.id,
    discordUserId: row.externalId,
    guild: { id: row.idp.externalId, name: row.idp.integration?.name ?? `Discord server ${row.idp.externalId}` },
    linkedAt: row.createdAt.toISOString(),
  }));
}

/** Unlinks one of the user's own Discord identities; another user's (or an unknown id) is a 404. */
export async function unlinkOwnDiscordIdentity(db: Db, input: { userId: string; identityId: string }): Promise<UserDiscordIdentity> {
  return db.$transaction(async (tx) => {
    const row = await tx.identity.findFirst({
      where: { id: input.identityId, userId: input.userId, idp: { type: "discord" } },
      select: { id: true, externalId: true, createdAt: true, user: { select: { email: true } }, idp: { select: { externalId: true, integrationId: true, integration: { select: { name: true } } } } },
    });
    if (!row) throw notFound("Linked identity not found");
    await tx.identity.delete({ where: { id: row.id } });
    const organization = row.idp.integrationId
      ? await tx.organizationIntegration.findFirst({
          where: { integrationId: row.idp.integrationId, organization: { members: { some: { userId: input.userId } } } },
          select: { organizationId: true },
          orderBy: { organization: { name: "asc" } },
        })
      : null;
    await recordSyncEvent(tx, {
      organizationId: organization?.organizationId ?? null,
      integrationId: row.idp.integrationId,
      provider: "discord",
      direction: "inbound",
      kind: "unlink",
      outcome: "applied",
      externalKey: row.externalId,
      reason: `${row.user.email} unlinked Discord user ${row.externalId} from their profile`,
      payload: { discordUserId: row.externalId, guildId: row.idp.externalId, unlinkedUserId: input.userId, by: "profile" },
    });
    return { id: row.id, discordUserId: row.externalId, guild: { id: row.idp.externalId, name: row.idp.integration?.name ?? `Discord server ${row.idp.externalId}` }, linkedAt: row.createdAt.toISOString() };
  });
}
