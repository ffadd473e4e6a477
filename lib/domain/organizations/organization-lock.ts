import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";

/**
 * Holds the organization's row until the caller's transaction ends. Membership changes that check
 * a rule across rows (the last owner, one pending invite per email) take it first, so two
 * instances deciding at the same moment cannot both pass the check.
 */
export async function lockOrganization(tx: Prisma.TransactionClient, organizationId: string): Promise<{ id: string; name: string; slug: string }> {
  const [row] = await tx.$queryRaw<{ id: string; name: string; slug: string }[]>`
    SELECT "id", "name", "slug" FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
  if (!row) throw notFound("Organization not found");
  return row;
}
