import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as statsRoute } from "@/app/api/v1/groups/[groupId]/stats/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createEventFixture, createGroupsWorld, sessionCookieFor } from "@/lib/testing/ui-fixtures";
import { getGroupEventStats, type GroupEventStats } from "./group-event-stats";

const NOW = new Date("2026-11-20T10:42:00Z");
const hoursAgo = (hours: number, minutes = 0) => new Date(Date.parse("2026-11-20T10:00:00Z") - hours * 3_600_000 + minutes * 60_000);

describe.each(await testDatabaseKinds())("group event stats on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let memberCookie: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    world = await createGroupsWorld(db);
    const checkout = world.groups.checkout.id;
    const at = async (groupId: string, timestamp: Date) => createEventFixture(db, groupId, { timestamp });
    // This hour (two), three hours ago, and one just outside the 24 hours.
    await at(checkout, hoursAgo(0, 5));
    await at(checkout, hoursAgo(0, 40));
    await at(checkout, hoursAgo(3, 59));
    await at(checkout, hoursAgo(24, 30));
    // Both sides of a UTC midnight: 2026-11-17 23:30 and 2026-11-18 00:30.
    await at(checkout, new Date("2026-11-17T23:30:00Z"));
    await at(checkout, new Date("2026-11-18T00:30:00Z"));
    // Fifteen days ago: outside the 14 days.
    await at(checkout, new Date("2026-11-06T12:00:00Z"));
    // Another group's event in the current hour must not count.
    await at(world.groups.timeout.id, hoursAgo(0, 10));
    memberCookie = await sessionCookieFor(world.member.id);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it("counts the last 24 hours by UTC hour, oldest first, with the empty hours as zero", async () => {
    const stats = await getGroupEventStats(database.prisma, { groupId: world.groups.checkout.id, period: "24h", now: NOW });
    expect(stats.period).toBe("24h");
    expect(stats.buckets).toHaveLength(24);
    expect(stats.buckets[0]?.start).toBe("2026-11-19T11:00:00.000Z");
    expect(stats.buckets[23]).toEqual({ start: "2026-11-20T10:00:00.000Z", count: 2 });
    expect(stats.buckets[20]).toEqual({ start: "2026-11-20T07:00:00.000Z", count: 1 });
    expect(stats.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(3);
  });

  it("counts the last 14 days by UTC day, splitting at UTC midnight", async () => {
    const stats = await getGroupEventStats(database.prisma, { groupId: world.groups.checkout.id, period: "14d", now: NOW });
    expect(stats.buckets).toHaveLength(14);
    expect(stats.buckets[0]?.start).toBe("2026-11-07T00:00:00.000Z");
    const day = (iso: string) => stats.buckets.find((b) => b.start === iso)?.count;
    expect(day("2026-11-17T00:00:00.000Z")).toBe(1);
    expect(day("2026-11-18T00:00:00.000Z")).toBe(1);
    // Yesterday 10:30 (outside the 24 hours) and the three of today.
    expect(day("2026-11-19T00:00:00.000Z")).toBe(1);
    expect(day("2026-11-20T00:00:00.000Z")).toBe(3);
    expect(stats.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(6);
  });

  it("buckets in UTC whatever the session's time zone", async () => {
    // PGlite has one connection, so this reaches the query; on PostgreSQL it reaches the pool's first.
    await database.prisma.$executeRawUnsafe("SET TIME ZONE 'Pacific/Kiritimati'");
    try {
      const stats = await getGroupEventStats(database.prisma, { groupId: world.groups.checkout.id, period: "14d", now: NOW });
      expect(stats.buckets.find((b) => b.start === "2026-11-17T00:00:00.000Z")?.count).toBe(1);
      expect(stats.buckets.find((b) => b.start === "2026-11-18T00:00:00.000Z")?.count).toBe(1);
    } finally {
      await database.prisma.$executeRawUnsafe("SET TIME ZONE 'UTC'");
    }
  });

  it("gives a group without events every bucket at zero", async () => {
    const stats = await getGroupEventStats(database.prisma, { groupId: world.groups.quota.id, period: "14d", now: NOW });
    expect(stats.buckets).toHaveLength(14);
    expect(stats.buckets.every((b) => b.count === 0)).toBe(true);
  });

  describe("GET /api/v1/groups/{groupId}/stats", () => {
    const call = (groupId: string, search: string, cookie?: string) =>
      callRoute(statsRoute, `/api/v1/groups/${groupId}/stats${search}`, { groupId }, cookie ? { cookie } : {});

    it("answers the buckets to a member, 24 hours by default", async () => {
      const res = await call(world.groups.checkout.id, "", memberCookie);
      expect(res.status).toBe(200);
      const body = (await res.json()) as GroupEventStats;
      expect(body.period).toBe("24h");
      expect(body.buckets).toHaveLength(24);
      const daily = (await (await call(world.groups.checkout.id, "?period=14d", memberCookie)).json()) as GroupEventStats;
      expect(daily.buckets).toHaveLength(14);
    });

    it("answers 400 for a bad period, 404 for another organization's group, 401 anonymous", async () => {
      const bad = await call(world.groups.checkout.id, "?period=7d", memberCookie);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: "validation_failed" } });
      const foreign = await call(world.theirGroup.id, "?period=24h", memberCookie);
      expect(foreign.status).toBe(404);
      expect((await call(world.groups.checkout.id, "?period=24h")).status).toBe(401);
    });
  });
});
