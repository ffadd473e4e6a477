import type { Db } from "@/lib/db/client";

export interface TeamView {
  id: string;
  slug: string;
  name: string;
  members: { memberId: string; userId: string; name: string | null; email: string }[];
  projects: { id: string; slug: string; name: string }[];
  createdAt: string;
}

/** The organization's teams with their members and projects, for the teams page. */
export async function listTeams(db: Db, organizationId: string): Promise<TeamView[]> {
  const teams = await db.team.findMany({
    where: { organizationId },
    orderBy: { slug: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      createdAt: true,
      members: { where: { isActive: true }, select: { member: { select: { id: true, user: { select: { id: true, name: true, email: true } } } } } },
      projects: { select: { project: { select: { id: true, slug: true, name: true } } }, orderBy: { project: { slug: "asc" } } },
    },
  });
  return teams.map((team) => ({
    id: team.id,
    slug: team.slug,
    name: team.name,
    createdAt: team.createdAt.toISOString(),
    members: team.members
      .map(({ member }) => ({ memberId: member.id, userId: member.user.id, name: member.user.name, email: member.user.email }))
      .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email)),
    projects: team.projects.map((p) => p.project),
  }));
}
