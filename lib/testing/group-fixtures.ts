import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

const suffix = () => randomBytes(4).toString("hex");

/** An organization with one project, one team on it, and `members` users on that team. */
export async function createOrganizationWithProject(db: Db, options: { members?: number; slug?: string } = {}) {
  const slug = options.slug ?? `org-${suffix()}`;
  const organization = await db.organization.create({ data: { slug, name: slug } });
  const project = await db.project.create({ data: { organizationId: organization.id, slug: "backend", name: "Backend" } });
  const team = await db.team.create({ data: { organizationId: organization.id, slug: "core", name: "Core" } });
  await db.projectTeam.create({ data: { projectId: project.id, teamId: team.id } });
  const users = [];
  for (let i = 0; i < (options.members ?? 2); i++) users.push(await createMember(db, organization.id, { teamId: team.id }));
  return { organization, project, team, users };
}

/** A user who is a member of the organization and, when teamId is given, of that team. */
export async function createMember(db: Db, organizationId: string, options: { teamId?: string; email?: string } = {}) {
  const email = options.email ?? `user-${suffix()}@example.com`;
  const user = await db.user.create({ data: { email, name: email.split("@")[0], emails: { create: { email, isVerified: true } } } });
  const member = await db.organizationMember.create({ data: { organizationId, userId: user.id } });
  if (options.teamId) await db.teamMember.create({ data: { teamId: options.teamId, memberId: member.id } });
  return user;
}

export async function createGroup(db: Db, projectId: string, data: Partial<Prisma.GroupUncheckedCreateInput> = {}) {
  const project = await db.project.update({ where: { id: projectId }, data: { nextShortId: { increment: 1 } } });
  const now = new Date();
  return db.group.create({
    data: {
      projectId,
      shortId: project.nextShortId - 1,
      fingerprint: `fp-${suffix()}`,
      title: "TypeError: cannot read properties of undefined",
      firstSeen: now,
      lastSeen: now,
      timesSeen: 1,
      ...data,
    },
  });
}

export async function createRelease(db: Db, projectId: string, version: string, dateAdded = new Date()) {
  return db.release.create({ data: { projectId, version, dateAdded } });
}

/** A Jira integration installed on the organization with the given config and an issue linked to the group. */
export async function linkExternalIssue(
  db: Db,
  options: { organizationId: string; groupId: string; config?: Record<string, unknown>; key?: string; integrationId?: string },
) {
  const integration = options.integrationId
    ? await db.integration.findUniqueOrThrow({ where: { id: options.integrationId } })
    : await db.integration.create({ data: { provider: "jira", externalId: `jira-${suffix()}`, name: "Acme Jira" } });
  await db.organizationIntegration.upsert({
    where: { organizationId_integrationId: { organizationId: options.organizationId, integrationId: integration.id } },
    create: { organizationId: options.organizationId, integrationId: integration.id, config: (options.config ?? {}) as Prisma.InputJsonValue },
    update: {},
  });
  const externalIssue = await db.externalIssue.create({
    data: { organizationId: options.organizationId, integrationId: integration.id, key: options.key ?? `APP-${parseInt(suffix(), 16)}` },
  });
  await db.groupLink.create({ data: { groupId: options.groupId, externalIssueId: externalIssue.id } });
  return { integration, externalIssue };
}
