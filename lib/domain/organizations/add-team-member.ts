import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { badRequest } from "@/lib/errors";
import { findTeam, findUser } from "./lookups";
import { parseInput } from "./parse-input";
import { idSchema, slugOrIdSchema, userRefSchema } from "./schemas";

export const addTeamMemberSchema = z.object({
  organizationId: idSchema,
  team: slugOrIdSchema,
  user: userRefSchema,
});
export type AddTeamMemberInput = z.input<typeof addTeamMemberSchema>;

/** Puts an organization member on a team; adding someone already on it changes nothing. */
export async function addTeamMember(db: Db, input: AddTeamMemberInput) {
  const data = parseInput(addTeamMemberSchema, input);
  return db.$transaction(async (tx) => {
    const team = await findTeam(tx, data.organizationId, data.team);
    const user = await findUser(tx, data.user);
    const member = await tx.organizationMember.findUnique({
      where: { organizationId_userId: { organizationId: data.organizationId, userId: user.id } },
    });
    if (!member) {
      throw badRequest(`${user.email} is not a member of this organization; add them to the organization first`, {
        fields: { user: ["Not a member of the organization"] },
      });
    }
    const existing = await tx.teamMember.findUnique({ where: { teamId_memberId: { teamId: team.id, memberId: member.id } } });
    if (existing?.isActive) return { team, user, teamMember: existing, changed: false };
    const teamMember = existing
      ? await tx.teamMember.update({ where: { id: existing.id }, data: { isActive: true } })
      : await tx.teamMember.create({ data: { teamId: team.id, memberId: member.id } });
    return { team, user, teamMember, changed: true };
  });
}
