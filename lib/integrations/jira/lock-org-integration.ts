import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Locks an organization's link to a Jira site for the rest of the transaction, so read-modify-write
 * saves of its config and status mappings run one after another instead of racing (READ COMMITTED
 * lets two delete-then-insert saves both miss each other's rows). Returns the link id, or null
 * when the organization has no such Jira link.
 */
export async function lockJiraOrganizationIntegration(
  tx: Prisma.TransactionClient,
  input: { organizationId: string; integrationId: string },
): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT oi.id FROM "OrganizationIntegration" oi
    JOIN "Integration" i ON i.id = oi."integrationId"
    WHERE oi."organizationId" = ${input.organizationId} AND oi."integrationId" = ${input.integrationId} AND i.provider = 'jira'
    FOR UPDATE OF oi`;
  return rows[0]?.id ?? null;
}
