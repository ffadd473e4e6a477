import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Serializes adds and removes of one Discord guild for the rest of the transaction: two admins
 * adding the same guild to two organizations at once must not both see "not linked elsewhere",
 * and the Integration row may not exist yet, so a row lock cannot do it.
 */
export async function lockDiscordGuild(tx: Prisma.TransactionClient, guildId: string): Promise<void> {
  // $executeRaw: pg_advisory_xact_lock returns void, which a query result cannot carry.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tether:discord-guild:${guildId}`}))`;
}
