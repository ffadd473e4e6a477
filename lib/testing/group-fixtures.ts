import { rebuildGroupAggregates } from "@/lib/domain/groups/rebuild-group-aggregates";
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

/** Frames of a checkout crash, oldest call first: framework code around two in-app frames, one with its source line. */
export const CHECKOUT_FRAMES = [
  { filename: "node:internal/process/task_queues", function: "processTicksAndRejections", lineno: 95, colno: 5, inApp: false },
  { filename: "node_modules/express/lib/router/layer.js", function: "Layer.handle", lineno: 95, colno: 5, inApp: false },
  { filename: "node_modules/express/lib/router/route.js", function: "next", lineno: 149, colno: 13, inApp: false },
  { filename: "src/routes/checkout.ts", function: "postCheckout", lineno: 42, colno: 17, inApp: true },
  { filename: "node_modules/lodash/lodash.js", function: "baseGet", lineno: 3057, colno: 9, inApp: false },
  { filename: "src/cart/price.ts", function: "totalPrice", lineno: 18, colno: 24, inApp: true, contextLine: "  return items.reduce((sum, item) => sum + item.price.amount, 0);" },
] satisfies Prisma.InputJsonArray;

/** An event as intake stores it: exception, frames, tags, user, release and environment. */
export async function createEventWithFrames(
  db: Db,
  groupId: string,
  data: Partial<Prisma.EventUncheckedCreateInput> & { release?: string } = {},
) {
  const { release, ...rest } = data;
  const group = await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { projectId: true } });
  const releaseRow = release
    ? await db.release.upsert({ where: { projectId_version: { projectId: group.projectId, version: release } }, create: { projectId: group.projectId, version: release }, update: {} })
    : null;
  const event = await db.event.create({
    data: {
      groupId,
      projectId: group.projectId,
      eventId: randomBytes(16).toString("hex"),
      timestamp: new Date(),
      level: "error",
      title: "TypeError: Cannot read properties of undefined (reading 'amount')",
      culprit: "totalPrice(src/cart/price.ts)",
      exceptionType: "TypeError",
      exceptionValue: "Cannot read properties of undefined (reading 'amount')",
      frames: CHECKOUT_FRAMES,
      tags: { browser: "Chrome 131", os: "macOS 15" },
      userTag: "id:u_42",
      userData: { id: "u_42", email: "ada@example.com" },
      environment: "production",
      releaseId: releaseRow?.id ?? null,
      ...rest,
    },
  });
  await rebuildGroupAggregates(db, [groupId]);
  return event;
}
