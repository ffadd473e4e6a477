import type { Prisma } from "@/lib/generated/prisma/client";

/** The user who already holds an address, as a primary email or an added one. */
export async function emailOwner(tx: Prisma.TransactionClient, email: string): Promise<{ userId: string } | null> {
  const primary = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (primary) return { userId: primary.id };
  const added = await tx.userEmail.findFirst({ where: { email }, select: { userId: true } });
  return added ? { userId: added.userId } : null;
}
