import { rebuildGroupAggregates } from "@/lib/domain/groups/rebuild-group-aggregates";
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth/tokens";
import type { ApiScope } from "@/lib/auth/scopes";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createMemberFixture, createOrganizationFixture, createProjectFixture, sessionCookieFor } from "./fixtures";

// Plain Prisma on purpose: fixtures must not depend on the domain functions under test.
const suffix = () => randomBytes(4).toString("hex");
const MINUTE = 60_000;

export async function createGroupFixture(db: Db, projectId: string, data: Partial<Prisma.GroupUncheckedCreateInput> = {}) {
  const project = await db.project.update({ where: { id: projectId }, data: { nextShortId: { increment: 1 } } });
  const now = new Date();
  return db.group.create({
    data: { projectId, shortId: project.nextShortId - 1, fingerprint: `fp-${suffix()}`, title: "Error", firstSeen: now, lastSeen: now, timesSeen: 1, ...data },
  });
}

export async function createEventFixture(db: Db, groupId: string, data: Partial<Prisma.EventUncheckedCreateInput> = {}) {
  const { projectId } = await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { projectId: true } });
  const event = await db.event.create({ data: { groupId, projectId, eventId: randomBytes(16).toString("hex"), timestamp: new Date(), title: "Error", ...data } });
  // Ingestion keeps the group's users and hourly counts with each event; so does this stand-in.
  await rebuildGroupAggregates(db, [groupId]);
  return event;
}

/**
 * Two organizations seen by the groups list: "ours" with two projects, a team, an admin and a
 * member (on the team) and six groups in known order; "theirs" with a group of its own and a
 * member, to prove nothing crosses over.
 */
export async function createGroupsWorld(db: Db) {
  const base = Date.parse("2026-11-01T12:00:00Z");
  const at = (minutes: number) => new Date(base + minutes * MINUTE);
  const ours = await createOrganizationFixture(db);
  const api = await createProjectFixture(db, ours.id, { slug: "api", name: "API" });
  const web = await createProjectFixture(db, ours.id, { slug: "web", name: "Web" });
  const admin = await createMemberFixture(db, ours.id, { role: "admin" });
  const member = await createMemberFixture(db, ours.id, { role: "member" });
  const team = await db.team.create({ data: { organizationId: ours.id, slug: "backend", name: "Backend" } });
  const teamMember = await db.organizationMember.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: ours.id, userId: member.id } } });
  await db.teamMember.create({ data: { teamId: team.id, memberId: teamMember.id } });

  const g = async (projectId: string, data: Partial<Prisma.GroupUncheckedCreateInput>) => createGroupFixture(db, projectId, data);
  const groups = {
    // newest lastSeen first: checkout, timeout, hydration, quota, nullRef, resolvedOld
    checkout: await g(api.id, { title: "TypeError: price is undefined", culprit: "checkout/pay", level: "error", firstSeen: at(0), lastSeen: at(100), timesSeen: 5 }),
    timeout: await g(api.id, { title: "TimeoutError: upstream", culprit: "gateway/proxy", level: "warning", firstSeen: at(50), lastSeen: at(90), timesSeen: 40 }),
    hydration: await g(web.id, { title: "Hydration failed", culprit: "app/layout", level: "fatal", firstSeen: at(60), lastSeen: at(80), timesSeen: 2 }),
    quota: await g(web.id, { title: "QuotaExceededError", culprit: "store/cart", level: "info", firstSeen: at(10), lastSeen: at(70), timesSeen: 12 }),
    nullRef: await g(api.id, { title: "TypeError: null ref", culprit: "users/profile", status: "ignored", substatus: "forever", firstSeen: at(5), lastSeen: at(60), timesSeen: 3 }),
    resolvedOld: await g(web.id, { title: "ChunkLoadError", culprit: "chunks/231", status: "resolved", substatus: null, firstSeen: at(1), lastSeen: at(50), timesSeen: 7 }),
  };
  await db.groupAssignee.create({ data: { groupId: groups.checkout.id, projectId: api.id, userId: member.id } });
  await db.groupAssignee.create({ data: { groupId: groups.timeout.id, projectId: api.id, teamId: team.id } });
  await db.groupAssignee.create({ data: { groupId: groups.quota.id, projectId: web.id, userId: admin.id } });

  const theirs = await createOrganizationFixture(db);
  const theirProject = await createProjectFixture(db, theirs.id, { slug: "api", name: "API" });
  const outsider = await createMemberFixture(db, theirs.id, { role: "owner" });
  const theirGroup = await createGroupFixture(db, theirProject.id, { title: "TypeError: price is undefined", lastSeen: at(1000) });

  return { ours, api, web, admin, member, team, groups, theirs, theirProject, outsider, theirGroup, at };
}

export async function tokenFor(db: Db, organizationId: string, scopes: ApiScope[], createdById: string | null = null): Promise<string> {
  return (await createApiToken(db, { organizationId, name: `test-${suffix()}`, scopes, createdById })).token;
}

export type Credentials = { cookie?: string; token?: string };

export function authHeaders(credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  return headers;
}

export { sessionCookieFor };

type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler the way Next.js does: a NextRequest (bodies and cookies need it) and async params. */
export async function callRoute<P>(
  handler: RouteHandler<P>,
  url: string,
  params: P,
  options: Credentials & { method?: string; body?: unknown } = {},
): Promise<Response> {
  const { NextRequest } = await import("next/server");
  const headers = authHeaders(options);
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const target = new URL(url, "http://localhost");
  // What a browser adds to the dashboard's own requests (sessions' state changes need it).
  if (options.cookie) headers.origin = target.origin;
  const request = new NextRequest(target, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  return handler(request, { params: Promise.resolve(params) });
}
