import { badRequest, notFound } from "@/lib/http/errors";
import type { Tx } from "./group-change";

export type AssigneeRef = { type: "user" | "team"; id: string };

export interface ResolvedAssignee {
  type: "user" | "team";
  id: string;
  email: string | null;
}

/**
 * Checks that the assignee may own a group of this project: a user must be an active member of
 * a team attached to the project (organization membership alone is not enough), a team must be
 * attached to it. Ids of other organizations answer 404, like unknown ones.
 */
export async function resolveAssignee(tx: Tx, organizationId: string, projectId: string, assignee: AssigneeRef): Promise<ResolvedAssignee> {
  if (assignee.type === "team") {
    const team = await tx.team.findFirst({ where: { id: assignee.id, organizationId }, select: { id: true, slug: true } });
    if (!team) throw notFound("Team not found");
    const onProject = await tx.projectTeam.findUnique({ where: { projectId_teamId: { projectId, teamId: team.id } }, select: { id: true } });
    if (!onProject) throw badRequest(`Team #${team.slug} is not attached to this group's project, so it cannot be assigned`);
    return { type: "team", id: team.id, email: null };
  }
  const member = await tx.organizationMember.findUnique({
    where: { organizationId_userId: { organizationId, userId: assignee.id } },
    select: { id: true, user: { select: { id: true, email: true, isActive: true } } },
  });
  if (!member) throw notFound("User not found");
  if (!member.user.isActive) throw badRequest(`${member.user.email} is deactivated and cannot be assigned`);
  const onProjectTeam = await tx.teamMember.findFirst({
    where: { memberId: member.id, isActive: true, team: { projects: { some: { projectId } } } },
    select: { id: true },
  });
  if (!onProjectTeam) {
    throw badRequest(`${member.user.email} is not a member of a team on this group's project; add them to one of its teams first`);
  }
  return { type: "user", id: member.user.id, email: member.user.email };
}

/** The user ids of a team's active members. */
export async function teamMemberUserIds(tx: Tx, teamId: string): Promise<string[]> {
  const rows = await tx.teamMember.findMany({ where: { teamId, isActive: true }, select: { member: { select: { userId: true } } } });
  return rows.map((r) => r.member.userId);
}
