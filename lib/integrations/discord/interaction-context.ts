import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import type { PendingChange, Tx } from "@/lib/domain/group-actions/group-change";
import { interactingDiscordUserId, type Interaction } from "./interaction-payload";

// Who an interaction comes from, in Tether's terms (behaviour.md §9.2): the Discord integration
// of the guild, and the Tether user linked to the Discord user in that guild.

export interface InteractionContext {
  guildId: string | null;
  channelId: string | null;
  discordUserId: string | null;
  /** The active Discord integration of the guild; in a DM, the only one there is ([R]), else null. */
  integration: { id: string; guildId: string; name: string; organizationId: string | null } | null;
  /** The linked Tether user (active users only); null when unlinked, in a DM, or without a provider. */
  user: { id: string; email: string; name: string | null } | null;
}

interface ContextRow {
  integrations: Array<{ id: string; externalId: string; name: string; organizationId: string | null }> | null;
  linked: { id: string; email: string; name: string | null } | null;
}

/** One statement: the guild's integration (two at most, to tell a DM's "exactly one") and the linked user. */
export async function findInteractionContext(db: Db, interaction: Interaction): Promise<InteractionContext> {
  const guildId = interaction.guild_id ?? null;
  const discordUserId = interactingDiscordUserId(interaction);
  const [row] = await db.$queryRaw<ContextRow[]>(Prisma.sql`
    SELECT
      (SELECT json_agg(json_build_object('id', i.id, 'externalId', i."externalId", 'name', i.name,
                 'organizationId', (SELECT oi."organizationId" FROM "OrganizationIntegration" oi
                                     WHERE oi."integrationId" = i.id AND oi.status = 'active' ORDER BY oi."createdAt" LIMIT 1)))
         FROM (SELECT id, "externalId", name FROM "Integration"
                WHERE provider = 'discord' AND status = 'active' AND (${guildId}::text IS NULL OR "externalId" = ${guildId}::text)
                ORDER BY "createdAt" LIMIT 2) i) AS integrations,
      (SELECT json_build_object('id', u.id, 'email', u.email, 'name', u.name)
         FROM "Identity" identity
         JOIN "IdentityProvider" idp ON idp.id = identity."idpId"
         JOIN "User" u ON u.id = identity."userId"
        WHERE idp.type = 'discord' AND idp."externalId" = ${guildId}::text AND identity."externalId" = ${discordUserId}::text AND u."isActive"
        LIMIT 1) AS linked`);
  const integrations = row?.integrations ?? [];
  // [R] In a DM (no guild) an integration is used only when it is the only one (Sentry takes any).
  const integration = integrations.length === 1 || (guildId !== null && integrations.length > 0) ? integrations[0] : undefined;
  return {
    guildId,
    channelId: interaction.channel_id ?? null,
    discordUserId,
    // A guild serves one organization: its rows (commands, unlinked clicks) belong to it.
    integration: integration ? { id: integration.id, guildId: integration.externalId, name: integration.name, organizationId: integration.organizationId } : null,
    // No guild, no identity provider or no identity: unlinked (§9.2).
    user: guildId !== null && integration ? (row?.linked ?? null) : null,
  };
}

/** What a command or component handler gets: the change's transaction and the interaction's context. */
export interface InteractionHandlerContext {
  db: Db;
  tx: Tx;
  /** The change's buffered writes; group actions take it as is (their history and outbound sync follow). */
  pending: PendingChange;
  interaction: Interaction;
  context: InteractionContext;
  /** Adds to the interaction's sync-history row (the group and organization acted on, the outcome). */
  note(detail: InteractionNote): void;
}

export interface InteractionNote {
  organizationId?: string | null;
  groupId?: string | null;
  outcome?: "applied" | "skipped";
  /** What was done or why not, as the sync history shows it (e.g. "resolve", "unlinked user"). */
  reason?: string;
}
