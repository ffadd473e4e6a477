import { badRequest, notFound } from "@/lib/errors";
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
    const [team] = await tx.$queryRaw<{ id: string; slug: string; onProject: boolean }[]>`
      SELECT t.id, t.slug,
             EXISTS (SELECT 1 FROM "ProjectTeam" pt WHERE pt."projectId" = ${projectId} AND pt."teamId" = t.id) AS "onProject"
        FROM "Team" t
       WHERE t.id = ${assignee.id} AND t."organizationId" = ${organizationId}`;
    if (!team) throw notFound("Team not found");
    if (!team.onProject) throw badRequest(`Team #${team.slug} is not attached to this group's project, so it cannot be assigned`);
    return { type: "team", id: team.id, email: null };
  }
  // One round trip for membership, activity and team reach: it runs in every assignment.
  const [member] = await tx.$queryRaw<{ id: string; email: string; isActive: boolean; onProjectTeam: boolean }[]>`
    SELECT u.id, u.email, u."isActive",
           EXISTS (SELECT 1 FROM "TeamMember" tm JOIN "ProjectTeam" pt ON pt."teamId" = tm."teamId"
                    WHERE tm."memberId" = om.id AND tm."isActive" AND pt."projectId" = ${projectId}) AS "onProjectTeam"
      FROM "OrganizationMember" om
      JOIN "User" u ON u.id = om."userId"
     WHERE om."organizationId" = ${organizationId} AND om."userId" = ${assignee.id}`;
  if (!member) throw notFound("User not found");
  if (!member.isActive) throw badRequest(`${member.email} is deactivated and cannot be assigned`);
  if (!member.onProjectTeam) {
    throw badRequest(`${member.email} is not a member of a team on this group's project; add them to one of its teams first`);
  }
  return { type: "user", id: member.id, email: member.email };
}

/** The user ids of a team's active members. */
export async function teamMemberUserIds(tx: Tx, teamId: string): Promise<string[]> {
  const rows = await tx.teamMember.findMany({ where: { teamId, isActive: true }, select: { member: { select: { userId: true } } } });
  return rows.map((r) => r.member.userId);
}
