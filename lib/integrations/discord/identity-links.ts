import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { readIdentityLink, type IdentityLinkAction, type IdentityLinkClaims } from "./identity-link-token";

// Linking a Discord user (per guild) to a Tether user, from the signed link /link and /unlink
// reply with (behaviour.md §9.3). The Discord user proved who they are by opening a link only they
// were shown; the Tether user by signing in. The Tether user must be a member of an organization
// the guild is added to, else the link is 404 and nothing is written.
//
// Re-linking: a Discord account already linked to another Tether user is moved to the signed-in
// user (Sentry's link_identity reattaches too). Refusing would leave the Discord user stuck with
// a link they can no longer change: only the holder of the Discord account can open the link, so
// the move is theirs to make. A Tether user has one Discord account per guild, so their previous
// one in that guild is unlinked as well. Both are said on the success page and in the sync history.

export const EXPIRED_LINK_MESSAGE: Record<IdentityLinkAction, string> = {
  link: "This link has expired or is invalid — run /link again in Discord.",
  unlink: "This link has expired or is invalid — run /unlink again in Discord.",
};

type Reader = Db | Prisma.TransactionClient;

/**
 * The write of a link, shared by the signed link and the admin's command: the Discord user in the
 * guild belongs to `userId` afterwards, and to nobody else; the user's previous Discord account in
 * the guild is unlinked. Makes the guild's identity provider if the install did not.
 */
export async function attachDiscordIdentity(
  tx: Prisma.TransactionClient,
  input: { integrationId: string; guildId: string; discordUserId: string; userId: string },
): Promise<{ movedFromUserId: string | null; replacedDiscordUserId: string | null }> {
  const idp = await tx.identityProvider.upsert({
    where: { type_externalId: { type: "discord", externalId: input.guildId } },
    create: { type: "discord", externalId: input.guildId, integrationId: input.integrationId },
    update: {},
    select: { id: true },
  });
  const before = await tx.identity.findMany({
    where: { idpId: idp.id, OR: [{ externalId: input.discordUserId }, { userId: input.userId }] },
    select: { externalId: true, userId: true },
  });
  await tx.identity.deleteMany({ where: { idpId: idp.id, OR: [{ externalId: input.discordUserId }, { userId: input.userId }] } });
  await tx.identity.create({ data: { idpId: idp.id, externalId: input.discordUserId, userId: input.userId } });
  return {
    movedFromUserId: before.find((row) => row.externalId === input.discordUserId && row.userId !== input.userId)?.userId ?? null,
    replacedDiscordUserId: before.find((row) => row.userId === input.userId && row.externalId !== input.discordUserId)?.externalId ?? null,
  };
}

/** What a link names, checked against the database for the signed-in user. */
export interface IdentityLinkTarget {
  action: IdentityLinkAction;
  discordUserId: string;
  /** The name Discord sent with the command that made the link, when it sent one. */
  discordName: string | null;
  integrationId: string;
  guild: { id: string; name: string };
  /** The first organization (by name) the user and the guild share: the sync history's row goes there. */
  organizationId: string;
  user: { id: string; email: string };
  /** Who the Discord user is linked to in this guild now (null: nobody). */
  linkedTo: { userId: string; email: string } | null;
}

export type OpenedIdentityLink = { state: "invalid" } | ({ state: "ready" } & IdentityLinkTarget);

function expiredLink(action: IdentityLinkAction): AppError {
  return new AppError(400, "expired_link", EXPIRED_LINK_MESSAGE[action]);
}

async function targetOf(db: Reader, action: IdentityLinkAction, claims: IdentityLinkClaims, userId: string): Promise<IdentityLinkTarget> {
  const integration = await db.integration.findFirst({
    where: { id: claims.integrationId, provider: "discord", externalId: claims.guildId, status: "active" },
    select: {
      id: true,
      name: true,
      externalId: true,
      organizationIntegrations: {
        where: { status: "active", organization: { members: { some: { userId } } } },
        select: { organizationId: true },
        orderBy: { organization: { name: "asc" } },
        take: 1,
      },
    },
  });
  const membership = integration?.organizationIntegrations[0];
  // Also a removed guild: the user can no longer be linked through it.
  if (!integration || !membership) throw notFound("None of your organizations has this Discord server; ask an admin to add it, or sign in as another user");
  const user = await db.user.findFirst({ where: { id: userId, isActive: true }, select: { id: true, email: true } });
  if (!user) throw notFound("User not found");
  const linked = await db.identity.findFirst({
    where: { externalId: claims.discordUserId, idp: { type: "discord", externalId: claims.guildId } },
    select: { userId: true, user: { select: { email: true } } },
  });
  return {
    action,
    discordUserId: claims.discordUserId,
    discordName: claims.discordName ?? null,
    integrationId: integration.id,
    guild: { id: integration.externalId, name: integration.name },
    organizationId: membership.organizationId,
    user,
    linkedTo: linked ? { userId: linked.userId, email: linked.user.email } : null,
  };
}

/**
 * What the link or unlink page shows before the user confirms: "invalid" for an expired or
 * tampered link (the page says so; no error), a 404 when the user shares no organization with the guild.
 */
export async function openIdentityLink(db: Db, input: { action: IdentityLinkAction; token: string; userId: string; now?: Date }): Promise<OpenedIdentityLink> {
  const claims = await readIdentityLink(input.action, input.token, input.now);
  if (!claims) return { state: "invalid" };
  return { state: "ready", ...(await targetOf(db, input.action, claims, input.userId)) };
}

export interface LinkedDiscordIdentity {
  outcome: "linked" | "already_linked";
  discordUserId: string;
  guild: { id: string; name: string };
  email: string;
  /** The Tether user the Discord account was linked to before (moved to this user). */
  movedFrom: string | null;
  /** The Discord account this user had in the guild before (unlinked). */
  replacedDiscordUserId: string | null;
}

/** Links the Discord user of the signed link to `userId` in the link's guild; idempotent. */
export async function linkDiscordIdentity(db: Db, input: { token: string; userId: string; now?: Date }): Promise<LinkedDiscordIdentity> {
  const claims = await readIdentityLink("link", input.token, input.now);
  if (!claims) throw expiredLink("link");
  try {
    return await db.$transaction(async (tx) => {
      const target = await targetOf(tx, "link", claims, input.userId);
      const base = { discordUserId: target.discordUserId, guild: target.guild, email: target.user.email };
      if (target.linkedTo?.userId === target.user.id) {
        return { ...base, outcome: "already_linked" as const, movedFrom: null, replacedDiscordUserId: null };
      }
      const { movedFromUserId, replacedDiscordUserId } = await attachDiscordIdentity(tx, {
        integrationId: target.integrationId,
        guildId: target.guild.id,
        discordUserId: target.discordUserId,
        userId: target.user.id,
      });
      const movedFrom = movedFromUserId ? (target.linkedTo?.email ?? null) : null;
      await recordSyncEvent(tx, {
        organizationId: target.organizationId,
        integrationId: target.integrationId,
        provider: "discord",
        direction: "inbound",
        kind: "link",
        outcome: "applied",
        externalKey: target.discordUserId,
        reason: [
          `linked Discord user ${target.discordUserId} to ${target.user.email}`,
          movedFrom ? `moved from ${movedFrom}` : null,
          replacedDiscordUserId ? `replacing Discord user ${replacedDiscordUserId}` : null,
        ]
          .filter(Boolean)
          .join("; "),
        payload: { discordUserId: target.discordUserId, guildId: target.guild.id, userId: target.user.id, movedFromUserId: target.linkedTo?.userId ?? null, replacedDiscordUserId },
      });
      return { ...base, outcome: "linked" as const, movedFrom, replacedDiscordUserId };
    });
  } catch (error) {
    // Two confirmations racing for the same Discord account: the other one won.
    if (isUniqueViolation(error)) throw conflict("This Discord account was linked at the same moment by another request; reload the page");
    throw error;
  }
}

export interface UnlinkedDiscordIdentity {
  outcome: "unlinked" | "not_linked";
  discordUserId: string;
  guild: { id: string; name: string };
  /** Who the Discord account was linked to (null when it was not linked). */
  unlinkedFrom: string | null;
}

/** Unlinks the Discord user of the signed link in its guild (every identity with that provider and Discord id); idempotent. */
export async function unlinkDiscordIdentity(db: Db, input: { token: string; userId: string; now?: Date }): Promise<UnlinkedDiscordIdentity> {
  const claims = await readIdentityLink("unlink", input.token, input.now);
  if (!claims) throw expiredLink("unlink");
  return db.$transaction(async (tx) => {
    const target = await targetOf(tx, "unlink", claims, input.userId);
    const base = { discordUserId: target.discordUserId, guild: target.guild, unlinkedFrom: target.linkedTo?.email ?? null };
    const deleted = await tx.identity.deleteMany({ where: { externalId: target.discordUserId, idp: { type: "discord", externalId: target.guild.id } } });
    if (deleted.count === 0) return { ...base, outcome: "not_linked" as const };
    await recordSyncEvent(tx, {
      organizationId: target.organizationId,
      integrationId: target.integrationId,
      provider: "discord",
      direction: "inbound",
      kind: "unlink",
      outcome: "applied",
      externalKey: target.discordUserId,
      reason: `unlinked Discord user ${target.discordUserId}${target.linkedTo ? ` from ${target.linkedTo.email}` : ""}`,
      payload: { discordUserId: target.discordUserId, guildId: target.guild.id, userId: target.user.id, unlinkedUserId: target.linkedTo?.userId ?? null },
    });
    return { ...base, outcome: "unlinked" as const };
  });
}
