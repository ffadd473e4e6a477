import type { Db } from "@/lib/db/client";
import type { MemberRole } from "@/lib/generated/prisma/client";

export interface OrganizationInviteView {
  id: string;
  email: string;
  role: MemberRole;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  /** The link stopped working; resending makes a new one. */
  expired: boolean;
}

export function inviteView(
  row: { id: string; email: string; role: MemberRole; createdAt: Date; expiresAt: Date; invitedBy: { name: string | null; email: string } | null },
  now: Date = new Date(),
): OrganizationInviteView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy ? (row.invitedBy.name ?? row.invitedBy.email) : null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt <= now,
  };
}

export const inviteViewSelect = { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { name: true, email: true } } } as const;

/** Invites neither accepted nor revoked (expired ones too, to resend), newest first. */
export async function listPendingInvites(db: Db, organizationId: string, now: Date = new Date()): Promise<OrganizationInviteView[]> {
  const rows = await db.organizationInvite.findMany({
    where: { organizationId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: inviteViewSelect,
  });
  return rows.map((row) => inviteView(row, now));
}
