import type { MemberRoleName } from "@/lib/auth/scopes";
import { conflict, forbidden } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Who acts on the organization's membership: a member (with their role) or an API token with
 * `org:admin` (role null), which counts as an admin: a token never makes or unmakes owners.
 */
export interface MembershipActor {
  userId: string | null;
  role: MemberRoleName | null;
}

/** Only an owner may hand out the owner role or change an owner's (Sentry's rule). */
export function assertMayManageRole(actor: MembershipActor, roles: { from?: MemberRoleName; to?: MemberRoleName }): void {
  if (actor.role === "owner") return;
  if (roles.to === "owner") throw forbidden("Only an owner can make someone an owner");
  if (roles.from === "owner") throw forbidden("Only an owner can change or remove another owner");
}

/**
 * Refuses (409) a change that would leave the organization without an owner (when it has one) or
 * without anyone who can manage it. Call with the organization locked (lockOrganization).
 */
export async function assertKeepsAManager(
  tx: Prisma.TransactionClient,
  input: { organizationId: string; memberId: string; newRole: MemberRoleName | null; who: string; self?: boolean },
): Promise<void> {
  const managers = await tx.organizationMember.findMany({
    where: { organizationId: input.organizationId, role: { in: ["owner", "admin"] }, user: { isActive: true } },
    select: { id: true, role: true },
  });
  const after = managers.filter((m) => m.id !== input.memberId).map((m) => m.role);
  if (input.newRole && input.newRole !== "member") after.push(input.newRole);
  const refuse = (last: string, next: string) => {
    const action = input.newRole ? (input.self ? "change your own role" : `change the role of ${input.who}`) : input.self ? "leave" : `remove ${input.who}`;
    const subject = input.self ? "you are" : `${input.who} is`;
    return conflict(`Cannot ${action}: ${subject} the organization's last ${last}. Make another member ${next} first.`);
  };
  if (managers.some((m) => m.role === "owner") && !after.includes("owner")) throw refuse("owner", "an owner");
  if (after.length === 0) throw refuse("owner or admin", "an admin");
}
