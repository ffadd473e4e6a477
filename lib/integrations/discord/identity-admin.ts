import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { findUser } from "@/lib/domain/organizations/lookups";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { attachDiscordIdentity } from "./identity-links";

// Linking and unlinking a Discord user for someone else: an admin's act from the command line,
// with the same rules as the signed link (identity-links.ts) — the user must be a member of an
// organization the guild is added to, and a Discord account linked elsewhere moves to this user.

const snowflake = /^\d{1,20}$/;

async function guildOf(db: Db, guildId: string) {
  if (!snowflake.test(guildId)) throw badRequest(`'${guildId}' is not a Discord guild id (digits)`);
  const integration = await db.integration.findFirst({ where: { provider: "discord", externalId: guildId, status: "active" }, select: { id: true, name: true, externalId: true } });
  if (!integration) throw notFound(`No Discord server ${guildId} is added to Tether`);
  return integration;
}

export interface AdminLinkedIdentity {
  outcome: "linked" | "already_linked";
  guild: { id: string; name: string };
  discordUserId: string;
  email: string;
  movedFrom: string | null;
}

/** Links `discordUserId` in the guild to the user (by email or id); idempotent. */
export async function adminLinkDiscordIdentity(db: Db, input: { guildId: string; discordUserId: string; user: string }): Promise<AdminLinkedIdentity> {
  if (!snowflake.test(input.discordUserId)) throw badRequest(`'${input.discordUserId}' is not a Discord user id (digits)`);
  const integration = await guildOf(db, input.guildId);
  const user = await findUser(db, input.user);
  const membership = await db.organizationIntegration.findFirst({
    where: { integrationId: integration.id, status: "active", organization: { members: { some: { userId: user.id } } } },
    select: { organizationId: true },
    orderBy: { organization: { name: "asc" } },
  });
  if (!membership) throw notFound(`${user.email} is not a member of any organization that has Discord server ${integration.name}`);
  const guild = { id: integration.externalId, name: integration.name };
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.identity.findFirst({
        where: { externalId: input.discordUserId, idp: { type: "discord", externalId: guild.id } },
        select: { userId: true, user: { select: { email: true } } },
      });
      if (current?.userId === user.id) return { outcome: "already_linked" as const, guild, discordUserId: input.discordUserId, email: user.email, movedFrom: null };
      await attachDiscordIdentity(tx, { integrationId: integration.id, guildId: guild.id, discordUserId: input.discordUserId, userId: user.id });
      const movedFrom = current?.user.email ?? null;
      await recordSyncEvent(tx, {
        organizationId: membership.organizationId,
        integrationId: integration.id,
        provider: "discord",
        direction: "inbound",
        kind: "link",
        outcome: "applied",
        externalKey: input.discordUserId,
        reason: `an admin linked Discord user ${input.discordUserId} to ${user.email}${movedFrom ? `; moved from ${movedFrom}` : ""}`,
        payload: { discordUserId: input.discordUserId, guildId: guild.id, userId: user.id, movedFromUserId: current?.userId ?? null, by: "cli" },
      });
      return { outcome: "linked" as const, guild, discordUserId: input.discordUserId, email: user.email, movedFrom };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("The Discord account was linked at the same moment by another request; run the command again");
    throw error;
  }
}

/** Unlinks `discordUserId` in the guild, whoever it is linked to; idempotent. */
export async function adminUnlinkDiscordIdentity(db: Db, input: { guildId: string; discordUserId: string }): Promise<{ outcome: "unlinked" | "not_linked"; guild: { id: string; name: string }; discordUserId: string; unlinkedFrom: string | null }> {
  if (!snowflake.test(input.discordUserId)) throw badRequest(`'${input.discordUserId}' is not a Discord user id (digits)`);
  const integration = await guildOf(db, input.guildId);
  const guild = { id: integration.externalId, name: integration.name };
  return db.$transaction(async (tx) => {
    const current = await tx.identity.findFirst({
      where: { externalId: input.discordUserId, idp: { type: "discord", externalId: guild.id } },
      select: { userId: true, user: { select: { email: true } } },
    });
    if (!current) return { outcome: "not_linked" as const, guild, discordUserId: input.discordUserId, unlinkedFrom: null };
    await tx.identity.deleteMany({ where: { externalId: input.discordUserId, idp: { type: "discord", externalId: guild.id } } });
    const organization = await tx.organizationIntegration.findFirst({
      where: { integrationId: integration.id, organization: { members: { some: { userId: current.userId } } } },
      select: { organizationId: true },
      orderBy: { organization: { name: "asc" } },
    });
    await recordSyncEvent(tx, {
      organizationId: organization?.organizationId ?? null,
      integrationId: integration.id,
      provider: "discord",
      direction: "inbound",
      kind: "unlink",
      outcome: "applied",
      externalKey: input.discordUserId,
      reason: `an admin unlinked Discord user ${input.discordUserId} from ${current.user.email}`,
      payload: { discordUserId: input.discordUserId, guildId: guild.id, unlinkedUserId: current.userId, by: "cli" },
    });
    return { outcome: "unlinked" as const, guild, discordUserId: input.discordUserId, unlinkedFrom: current.user.email };
  });
}
