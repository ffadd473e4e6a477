import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { addTeamMember } from "./add-team-member";
import { findTeam } from "./lookups";
import { parseInput } from "./parse-input";
import { idSchema, slugOrIdSchema } from "./schemas";

export const teamMemberRefSchema = z.object({ organizationId: idSchema, team: slugOrIdSchema, memberId: idSchema });
type TeamMemberRef = z.input<typeof teamMemberRefSchema>;

/**
 * Puts a member of the organization (by membership id) on a team. Naming the member rather than a
 * user keeps another organization's users out of reach: their ids answer 404 here.
 */
export async function addMemberToTeam(db: Db, input: TeamMemberRef) {
  const data = parseInput(teamMemberRefSchema, input);
  const member = await db.organizationMember.findFirst({ where: { id: data.memberId, organizationId: data.organizationId }, select: { userId: true } });
  if (!member) throw notFound("Member not found");
  return addTeamMember(db, { organizationId: data.organizationId, team: data.team, user: member.userId });
}

/** Takes a member off a team; one who is not on it is left as is. */
export async function removeMemberFromTeam(db: Db, input: TeamMemberRef): Promise<{ changed: boolean }> {
  const data = parseInput(teamMemberRefSchema, input);
  return db.$transaction(async (tx) => {
    const team = await findTeam(tx, data.organizationId, data.team);
    const member = await tx.organizationMember.findFirst({ where: { id: data.memberId, organizationId: data.organizationId }, select: { id: true } });
    if (!member) throw notFound("Member not found");
    const { count } = await tx.teamMember.deleteMany({ where: { teamId: team.id, memberId: member.id } });
    return { changed: count > 0 };
  });
}
