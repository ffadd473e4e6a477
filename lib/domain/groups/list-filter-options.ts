import type { Db } from "@/lib/db/client";
import type { MemberRole } from "@/lib/generated/prisma/client";

export interface ProjectOption {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
}

export interface MemberOption {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
}

export interface TeamOption {
  id: string;
  slug: string;
  name: string;
}

/** The organization's projects, for the project filter. */
export async function listOrganizationProjects(db: Db, organizationId: string): Promise<ProjectOption[]> {
  return db.project.findMany({
    where: { organizationId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, slug: true, name: true, platform: true },
  });
}

/** The organization's active members and its teams: who a group can be assigned to. */
export async function listOrganizationMembers(db: Db, organizationId: string): Promise<{ members: MemberOption[]; teams: TeamOption[] }> {
  const [members, teams] = await Promise.all([
    db.organizationMember.findMany({
      where: { organizationId, user: { isActive: true } },
      select: { role: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db.team.findMany({ where: { organizationId }, orderBy: { slug: "asc" }, select: { id: true, slug: true, name: true } }),
  ]);
  return {
    members: members
      .map((m) => ({ userId: m.user.id, name: m.user.name ?? m.user.email, email: m.user.email, role: m.role }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email)),
    teams,
  };
}

/** Who a group can be assigned to, as `user:<id>` / `team:<id>` choices for the dashboard's selects. */
export function assigneeChoices(people: { members: MemberOption[]; teams: TeamOption[] }): { value: string; label: string }[] {
  return [...people.members.map((m) => ({ value: `user:${m.userId}`, label: m.name })), ...people.teams.map((t) => ({ value: `team:${t.id}`, label: `#${t.slug}` }))];
}

/**
 * Who can own a group of this project: its teams, and the active members of those teams (the
 * same rule the domain enforces, so the dashboard never offers a choice it would refuse).
 */
export async function listProjectAssignees(db: Db, projectId: string): Promise<{ value: string; label: string }[]> {
  const teams = await db.projectTeam.findMany({
    where: { projectId },
    select: {
      team: {
        select: {
          id: true,
          slug: true,
          members: { where: { isActive: true, member: { user: { isActive: true } } }, select: { member: { select: { user: { select: { id: true, name: true, email: true } } } } } },
        },
      },
    },
  });
  const users = new Map<string, string>();
  for (const { team } of teams) for (const { member } of team.members) users.set(member.user.id, member.user.name ?? member.user.email);
  return [
    ...[...users].sort((a, b) => a[1].localeCompare(b[1])).map(([id, label]) => ({ value: `user:${id}`, label })),
    ...teams.map(({ team }) => ({ value: `team:${team.id}`, label: `#${team.slug}` })).sort((a, b) => a.label.localeCompare(b.label)),
  ];
}
