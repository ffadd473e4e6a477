import type { Db } from "@/lib/db/client";
import type { MemberRole } from "@/lib/generated/prisma/client";

export interface OrganizationMemberView {
  id: string;
  userId: string;
  name: string | null;
  email: string;
  role: MemberRole;
  isActive: boolean;
  teams: { id: string; slug: string; name: string }[];
  joinedAt: string;
}

/** Everyone in the organization with their role and teams, for the members page; owners first. */
export async function listMembersWithTeams(db: Db, organizationId: string): Promise<OrganizationMemberView[]> {
  const rows = await db.organizationMember.findMany({
    where: { organizationId },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true, isActive: true } },
      teams: { where: { isActive: true }, select: { team: { select: { id: true, slug: true, name: true } } }, orderBy: { team: { slug: "asc" } } },
    },
  });
  const rank: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };
  return rows
    .map((row) => ({
      id: row.id,
      userId: row.user.id,
      name: row.user.name,
      email: row.user.email,
      role: row.role,
      isActive: row.user.isActive,
      teams: row.teams.map((t) => t.team),
      joinedAt: row.createdAt.toISOString(),
    }))
    .sort((a, b) => rank[a.role] - rank[b.role] || (a.name ?? a.email).localeCompare(b.name ?? b.email));
}
