import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/options";
import { setDatabase, type Database } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/errors";
import { getGroupEvent } from "@/lib/domain/groups/get-group-event";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { DEMO_LOGIN, DEMO_ORGANIZATION_SLUG, isDatabaseEmpty, seedDemoData } from "./seed-demo";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const DAY = 86_400_000;

describe.each(await testDatabaseKinds())("demo data on %s", (kind) => {
  let database: Database;
  let seconds = 0;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    expect(await isDatabaseEmpty(database.prisma)).toBe(true);
    const started = performance.now();
    const result = await seedDemoData(database.prisma, { now: NOW });
    seconds = (performance.now() - started) / 1000;
    expect(result).toEqual({ organizationSlug: "acme", login: DEMO_LOGIN, groups: 300 });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it("loads quickly and the database is no longer empty", async () => {
    expect(seconds).toBeLessThan(kind === "pglite" ? 20 : 10);
    expect(await isDatabaseEmpty(database.prisma)).toBe(false);
  });

  it("gives every demo project an ingest id and an active client key", async () => {
    const projects = await database.prisma.project.findMany({ include: { keys: true } });
    expect(projects).toHaveLength(3);
    expect(new Set(projects.map((p) => p.ingestId)).size).toBe(3);
    for (const project of projects) expect(project.keys.filter((k) => k.isActive && /^[0-9a-f]{32}$/.test(k.publicKey))).toHaveLength(1);
  });

  it("creates Acme with five verified users, two teams and three projects with teams and releases", async () => {
    const db = database.prisma;
    const organization = await db.organization.findUniqueOrThrow({
      where: { slug: DEMO_ORGANIZATION_SLUG },
      include: { members: { include: { user: { include: { emails: true } }, teams: { include: { team: true } } } }, teams: true, projects: { include: { teams: true, releases: true } } },
    });
    expect(organization.name).toBe("Acme");
    expect(organization.members).toHaveLength(5);
    for (const member of organization.members) {
      expect(member.user.emails).toEqual([expect.objectContaining({ email: member.user.email, isVerified: true })]);
      expect(member.user.passwordHash).toBeTruthy();
    }
    const demo = organization.members.find((m) => m.user.email === DEMO_LOGIN.email)!;
    expect(demo.role).toBe("owner");
    expect(demo.teams.map((t) => t.team.slug).sort()).toEqual(["backend", "frontend"]);
    expect(new Set(organization.members.map((m) => m.role))).toEqual(new Set(["owner", "admin", "member"]));
    expect(organization.teams.map((t) => t.slug).sort()).toEqual(["backend", "frontend"]);
    expect(organization.projects.map((p) => p.slug).sort()).toEqual(["api", "web", "worker"]);
    for (const project of organization.projects) {
      expect(project.teams.length).toBeGreaterThan(0);
      expect(project.releases.length).toBeGreaterThanOrEqual(3);
      expect(project.nextShortId).toBe(101);
    }
  });

  it("fills each group's users affected and hourly event counts from its events, as ingestion would", async () => {
    const db = database.prisma;
    const wrongUsers = await db.$queryRaw<{ id: string }[]>`
      SELECT g.id FROM "Group" g
      WHERE g."userCount" <> (SELECT count(DISTINCT e."userTag")::int FROM "Event" e WHERE e."groupId" = g.id)`;
    expect(wrongUsers).toEqual([]);
    expect(await db.group.count({ where: { userCount: { gt: 1 } } })).toBeGreaterThan(10);
    const [events, bucketed] = await Promise.all([db.event.count(), db.groupEventBucket.aggregate({ _sum: { count: true } })]);
    expect(bucketed._sum.count).toBe(events);
  });

  it("gives every group 1-50 events inside its first/last seen, and timesSeen equals the event count", async () => {
    const db = database.prisma;
    expect(await db.group.count()).toBe(300);
    const mismatched = await db.$queryRaw<{ id: string }[]>`
      SELECT g.id FROM "Group" g LEFT JOIN "Event" e ON e."groupId" = g.id
      GROUP BY g.id HAVING g."timesSeen" <> count(e.id) OR count(e.id) NOT BETWEEN 1 AND 50
        OR min(e."timestamp") <> g."firstSeen" OR max(e."timestamp") <> g."lastSeen"`;
    expect(mismatched).toEqual([]);
    const range = await db.event.aggregate({ _min: { timestamp: true }, _max: { timestamp: true }, _count: true });
    expect(range._min.timestamp!.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 14 * DAY);
    expect(range._max.timestamp!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(range._count).toBeGreaterThan(2000);
    const event = await db.event.findFirstOrThrow({ where: { group: { project: { slug: "web" } } } });
    expect(Object.keys(event.tags as object).sort()).toEqual(["browser", "environment", "os", "release", "url"]);
    expect(event.userTag).toMatch(/^id:u_\d+$/);
    const headlines = await db.group.findMany({ where: { shortId: 1 }, select: { title: true, culprit: true, timesSeen: true, status: true }, orderBy: { title: "asc" } });
    expect(headlines).toEqual([
      { title: "DatabaseError: deadlock detected", culprit: "billing/invoices.py in finalize_invoice", timesSeen: 50, status: "unresolved" },
      { title: "Error: connect ECONNREFUSED 10.0.3.17:6379", culprit: "src/jobs/send-email.ts in handle", timesSeen: 50, status: "unresolved" },
      { title: "TypeError: Cannot read properties of undefined (reading 'id')", culprit: "app/components/Cart.tsx in CartSummary", timesSeen: 50, status: "unresolved" },
    ]);
  });

  it("gives each project's headline group a latest event as its SDK would have sent it", async () => {
    const db = database.prisma;
    const headlines = await db.group.findMany({ where: { shortId: 1 }, select: { id: true, title: true, project: { select: { slug: true } } }, orderBy: { project: { slug: "asc" } } });
    const seen = [];
    for (const group of headlines) {
      const event = await getGroupEvent(db, { groupId: group.id });
      expect(event?.sdk?.unreadable).toBe(0);
      expect(`${event?.sdk?.exceptions[0].type}: ${event?.sdk?.exceptions[0].value}`).toBe(group.title);
      expect(event?.sdk?.breadcrumbs.at(-1)?.timestamp?.slice(0, 13)).toBe(event?.timestamp.slice(0, 13));
      seen.push([group.project.slug, event?.platform, event?.sdk?.exceptions.length]);
    }
    expect(seen).toEqual([
      ["api", "python", 2],
      ["web", "javascript", 2],
      ["worker", "node", 2],
    ]);
    expect(await db.event.count({ where: { payload: { not: Prisma.DbNull } } })).toBe(3);
  });

  it("leaves a consistent trail: resolved, archived and assigned groups have their activity and history", async () => {
    const db = database.prisma;
    const resolved = await db.group.findMany({ where: { status: "resolved" }, include: { activities: true, histories: true, resolution: true } });
    expect(resolved.length).toBeGreaterThan(20);
    for (const group of resolved) {
      expect(group.resolvedAt).not.toBeNull();
      expect(group.activities.some((a) => a.type === "set_resolved" || a.type === "set_resolved_in_release")).toBe(true);
      expect(group.histories.some((h) => h.status === "resolved" || h.status === "set_resolved_in_release")).toBe(true);
    }
    expect(resolved.some((g) => g.resolution?.type === "in_release")).toBe(true);

    const archived = await db.group.findMany({ where: { status: "ignored" }, include: { activities: true } });
    expect(archived.length).toBeGreaterThan(10);
    expect(new Set(archived.map((g) => g.substatus))).toEqual(new Set(["until_escalating", "forever", "until_condition_met"]));
    for (const group of archived) expect(group.activities.some((a) => a.type === "set_ignored")).toBe(true);

    const assignees = await db.groupAssignee.findMany({ include: { group: { include: { activities: true } } } });
    expect(assignees.length).toBeGreaterThan(50);
    expect(assignees.some((a) => a.teamId) && assignees.some((a) => a.userId)).toBe(true);
    for (const assignee of assignees) expect(assignee.group.activities.some((a) => a.type === "assigned")).toBe(true);

    expect(new Set((await db.group.findMany({ where: { status: "unresolved" }, select: { substatus: true } })).map((g) => g.substatus))).toEqual(
      new Set(["new", "ongoing", "regressed", "escalating"]),
    );
    const broken = await db.$queryRaw<{ id: string }[]>`
      SELECT h.id FROM "GroupHistory" h LEFT JOIN "GroupHistory" p ON p.id = h."previousId"
      WHERE h."previousId" IS NOT NULL AND (p."groupId" <> h."groupId" OR p."createdAt" > h."createdAt")`;
    expect(broken).toEqual([]);
    expect(await db.activity.count({ where: { type: "first_seen" } })).toBe(300);
  });

  it("lets the demo user sign in with the demo password", async () => {
    setDatabase(database);
    expect(await authenticateWithPassword(DEMO_LOGIN)).toMatchObject({ email: DEMO_LOGIN.email });
    expect(await authenticateWithPassword({ ...DEMO_LOGIN, password: "wrong-password" })).toBeNull();
  });

  it("refuses to load twice; with reset it replaces the data with the same data", async () => {
    const db = database.prisma;
    const summary = async () =>
      (await db.group.findMany({ select: { title: true, culprit: true, timesSeen: true, status: true, substatus: true, project: { select: { slug: true } }, shortId: true } })).map(
        (g) => `${g.project.slug}-${g.shortId} ${g.title} ${g.culprit} ${g.timesSeen} ${g.status} ${g.substatus}`,
      ).sort();
    const before = await summary();
    const refused = await seedDemoData(db, { now: NOW }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(409);
    expect((refused as ApiError).message).toContain("--reset");
    expect(await db.organization.count()).toBe(1);

    await seedDemoData(db, { now: NOW, reset: true });
    expect(await db.organization.count()).toBe(1);
    expect(await db.user.count()).toBe(5);
    expect(await summary()).toEqual(before);
  });
});
