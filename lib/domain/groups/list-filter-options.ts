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
