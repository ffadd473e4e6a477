import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { assertKeepsAManager, assertMayManageRole, type MembershipActor } from "./member-roles";
import { lockOrganization } from "./organization-lock";
import { parseInput } from "./parse-input";
import { idSchema, memberRoleSchema } from "./schemas";

export const changeMemberRoleSchema = z.object({ organizationId: idSchema, memberId: idSchema, role: memberRoleSchema });

/** Gives a member another role; never leaves the organization without an owner or admin (409). */
export async function changeMemberRole(db: Db, input: z.input<typeof changeMemberRoleSchema>, actor: MembershipActor) {
  const data = parseInput(changeMemberRoleSchema, input);
  return db.$transaction(async (tx) => {
    await lockOrganization(tx, data.organizationId);
    const member = await tx.organizationMember.findFirst({
      where: { id: data.memberId, organizationId: data.organizationId },
      select: { id: true, role: true, userId: true, user: { select: { email: true } } },
    });
    if (!member) throw notFound("Member not found");
    if (member.role === data.role) return { memberId: member.id, role: member.role, changed: false };
    assertMayManageRole(actor, { from: member.role, to: data.role });
    await assertKeepsAManager(tx, { organizationId: data.organizationId, memberId: member.id, newRole: data.role, who: member.user.email, self: actor.userId === member.userId });
    await tx.organizationMember.update({ where: { id: member.id }, data: { role: data.role } });
    return { memberId: member.id, role: data.role, changed: true };
  });
}
