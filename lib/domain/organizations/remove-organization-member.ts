import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { actorSchema, changeSourceSchema } from "@/lib/domain/group-actions/change-context";
import { runGroupChange } from "@/lib/domain/group-actions/group-change";
import { unassignGroupsOf } from "@/lib/domain/group-actions/unassign-departed";
import { forbidden, notFound } from "@/lib/errors";
import { assertKeepsAManager, assertMayManageRole, type MembershipActor } from "./member-roles";
import { lockOrganization } from "./organization-lock";
import { parseInput } from "./parse-input";
import { idSchema } from "./schemas";

export const removeOrganizationMemberSchema = z.object({ organizationId: idSchema, memberId: idSchema, actor: actorSchema, source: changeSourceSchema });

/**
 * Removes a member (and their team memberships). Anyone may leave; removing someone else takes an
 * owner or admin. The last owner or admin cannot go (409), not even by leaving. Groups assigned to
 * them in this organization are unassigned by whoever removes them (as Sentry does), with the usual
 * activity and tracker sync; nobody outside the organization is left holding its groups.
 */
export async function removeOrganizationMember(
  db: Db,
  input: z.input<typeof removeOrganizationMemberSchema>,
  actor: MembershipActor & { mayManageMembers: boolean },
) {
  const data = parseInput(removeOrganizationMemberSchema, input);
  return runGroupChange(db, async (tx, pending) => {
    await lockOrganization(tx, data.organizationId);
    const member = await tx.organizationMember.findFirst({
      where: { id: data.memberId, organizationId: data.organizationId },
      select: { id: true, role: true, userId: true, user: { select: { email: true } } },
    });
    if (!member) throw notFound("Member not found");
    const leaving = actor.userId !== null && member.userId === actor.userId;
    if (!leaving) {
      if (!actor.mayManageMembers) throw forbidden("Only owners and admins can remove other members");
      assertMayManageRole(actor, { from: member.role });
    }
    await assertKeepsAManager(tx, { organizationId: data.organizationId, memberId: member.id, newRole: null, who: member.user.email, self: leaving });
    await unassignGroupsOf(tx, pending, { organizationId: data.organizationId, assignee: { type: "user", id: member.userId }, actor: data.actor, source: data.source });
    await tx.organizationMember.delete({ where: { id: member.id } });
    return { memberId: member.id, userId: member.userId, email: member.user.email, left: leaving };
  });
}
