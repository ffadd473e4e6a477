import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notFound, parseWith } from "@/lib/errors";
import { discordGuildIdSchema } from "./add-guild";
import { lockDiscordGuild } from "./guild-lock";

const removeDiscordGuildSchema = z.object({ guildId: discordGuildIdSchema, organizationId: z.string().min(1).optional() });

/**
 * Disconnects a Discord guild: from one organization, or from every organization when none is
 * named (the CLI's `discord remove --guild ID`). When no organization is left, the Integration is
 * marked disabled (kept for the sync history that points at it) and the identity provider with
 * every /link identity is deleted, so interactions from the guild find no integration and nobody
 * stays linked to a guild Tether no longer serves. The bot itself stays in the guild until a guild
 * admin kicks it; Tether just stops answering for it.
 */
export async function removeDiscordGuild(db: Db, input: { guildId: string; organizationId?: string; userId?: string | null; via?: string }) {
  const { guildId, organizationId } = parseWith(removeDiscordGuildSchema, { guildId: input.guildId, organizationId: input.organizationId });
  return db.$transaction(async (tx) => {
    await lockDiscordGuild(tx, guildId);
    const integration = await tx.integration.findUnique({
      where: { provider_externalId: { provider: "discord", externalId: guildId } },
      select: { id: true, name: true, organizationIntegrations: { select: { organizationId: true } } },
    });
    const removed = (integration?.organizationIntegrations ?? []).filter((link) => organizationId === undefined || link.organizationId === organizationId);
    if (!integration || removed.length === 0) {
      throw notFound(organizationId ? `Discord guild ${guildId} is not connected to this organization` : `Discord guild ${guildId} is not connected to any organization`);
    }
    await tx.organizationIntegration.deleteMany({ where: { integrationId: integration.id, organizationId: { in: removed.map((link) => link.organizationId) } } });
    const remaining = integration.organizationIntegrations.length - removed.length;
    let unlinkedIdentities = 0;
    if (remaining === 0) {
      await tx.integration.update({ where: { id: integration.id }, data: { status: "disabled" } });
      unlinkedIdentities = await tx.identity.count({ where: { idp: { type: "discord", externalId: guildId } } });
      // Identities go with their provider (onDelete: Cascade).
      await tx.identityProvider.deleteMany({ where: { type: "discord", externalId: guildId } });
    }
    await tx.syncEvent.createMany({
      data: removed.map((link) => ({
        provider: "discord" as const,
        direction: "inbound" as const,
        kind: "install" as const,
        organizationId: link.organizationId,
        integrationId: integration.id,
        externalKey: guildId,
        outcome: "applied" as const,
        reason: `guild removed${input.via ? ` (${input.via})` : ""}`,
        payload: { guildId, name: integration.name, userId: input.userId ?? null, integrationDisabled: remaining === 0, unlinkedIdentities },
      })),
    });
    return { integrationId: integration.id, guildId, name: integration.name, removedFrom: removed.map((link) => link.organizationId), integrationDisabled: remaining === 0, unlinkedIdentities };
  });
}
