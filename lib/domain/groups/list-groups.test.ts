import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroupFixture, createGroupsWorld } from "@/lib/testing/ui-fixtures";
import { countGroupsByStatus, groupCountsQuerySchema, listGroups, listGroupsQuerySchema, type GroupListViewer } from "./list-groups";

describe.each(await testDatabaseKinds())("listGroups on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let viewer: GroupListViewer;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    world = await createGroupsWorld(database.prisma);
    viewer = { organizationId: world.ours.id, userId: world.member.id };
  });
  afterAll(async () => {
    await database.close();
  });

  const list = (query: Record<string, string>, who: GroupListViewer = viewer) => listGroups(database.prisma, who, listGroupsQuerySchema.parse(query));
  const titles = async (query: Record<string, string>, who?: GroupListViewer) => (await list(query, who)).groups.map((g) => g.title);
  const counts = async (query: Record<string, string> = {}) => (await countGroupsByStatus(database.prisma, viewer, groupCountsQuerySchema.parse(query))).counts;

  it("shows unresolved groups of the organization by default, last seen first", async () => {
    const page = await list({});
    expect(page.groups.map((g) => g.id)).toEqual([world.groups.checkout.id, world.groups.timeout.id, world.groups.hydration.id, world.groups.quota.id]);
    expect(page).toEqual({ groups: page.groups, limit: 25, nextCursor: null, previousCursor: null });
    expect((await counts()).unresolved).toEqual({ count: 4, capped: false });
  });

  it("never shows another organization's groups, even for the same title and project slug", async () => {
    const all = await list({ status: "all", query: "price" });
    expect(all.groups.map((g) => g.id)).toEqual([world.groups.checkout.id]);
    const theirs = await list({ status: "all" }, { organizationId: world.theirs.id, userId: world.outsider.id });
    expect(theirs.groups.map((g) => g.id)).toEqual([world.theirGroup.id]);
  });

  it("filters by status", async () => {
    expect(await titles({ status: "resolved" })).toEqual(["ChunkLoadError"]);
    expect(await titles({ status: "ignored" })).toEqual(["TypeError: null ref"]);
    expect((await list({ status: "all" })).groups).toHaveLength(6);
    expect(await counts()).toEqual({
      unresolved: { count: 4, capped: false },
      resolved: { count: 1, capped: false },
      ignored: { count: 1, capped: false },
      all: { count: 6, capped: false },
    });
  });

  it("filters by project slug", async () => {
    expect(await titles({ project: "web", status: "all" })).toEqual(["Hydration failed", "QuotaExceededError", "ChunkLoadError"]);
    expect((await list({ project: "nope" })).groups).toEqual([]);
    expect((await counts({ project: "nope" })).all).toEqual({ count: 0, capped: false });
  });

  it("filters by assignee: me (directly or through my team), unassigned", async () => {
    expect(await titles({ assigned: "me" })).toEqual(["TypeError: price is undefined", "TimeoutError: upstream"]);
    expect(await titles({ assigned: "me" }, { organizationId: world.ours.id, userId: world.admin.id })).toEqual(["QuotaExceededError"]);
    expect(await titles({ assigned: "unassigned" })).toEqual(["Hydration failed"]);
    await expect(list({ assigned: "me" }, { organizationId: world.ours.id, userId: null })).rejects.toMatchObject({ status: 400 });
  });

  it("searches title and culprit case-insensitively, and finds a group by its short id", async () => {
    expect(await titles({ query: "typeerror" })).toEqual(["TypeError: price is undefined"]);
    expect(await titles({ query: "GATEWAY" })).toEqual(["TimeoutError: upstream"]);
    const shortId = (await list({})).groups.find((g) => g.id === world.groups.quota.id)?.shortId;
    expect(shortId).toMatch(/^WEB-[0-9A-Z]+$/);
    expect(await titles({ query: shortId!.toLowerCase() })).toEqual(["QuotaExceededError"]);
  });

  it("sorts by first seen and by events", async () => {
    expect(await titles({ sort: "first_seen" })).toEqual(["Hydration failed", "TimeoutError: upstream", "QuotaExceededError", "TypeError: price is undefined"]);
    expect(await titles({ sort: "events" })).toEqual(["TimeoutError: upstream", "QuotaExceededError", "TypeError: price is undefined", "Hydration failed"]);
  });

  it("pages through the groups without gaps or repeats, forwards by cursor and back", async () => {
    const first = await list({ status: "all", limit: "4" });
    expect(first.previousCursor).toBeNull();
    expect(first.nextCursor).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
    const second = await list({ status: "all", limit: "4", cursor: first.nextCursor! });
    expect(second.groups).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.groups, ...second.groups].map((g) => g.id);
    expect(new Set(ids).size).toBe(6);
    const back = await list({ status: "all", limit: "4", cursor: second.previousCursor! });
    expect(back.groups.map((g) => g.id)).toEqual(first.groups.map((g) => g.id));
    expect(back.previousCursor).toBeNull();
    expect(back.nextCursor).toEqual(first.nextCursor);
    // Old links with ?page= still open the same rows.
    expect((await list({ status: "all", limit: "4", page: "2" })).groups.map((g) => g.id)).toEqual(second.groups.map((g) => g.id));
    expect((await list({ status: "all", page: "3", limit: "4" })).groups).toEqual([]);
  });

  it("refuses a tampered cursor or one from another sort order with a 400", async () => {
    const { nextCursor } = await list({ status: "all", limit: "2" });
    const other = Buffer.from(JSON.stringify({ s: "last_seen", d: "n", k: "x", i: "a" })).toString("base64url");
    for (const cursor of ["not a cursor", "e30", other, `${nextCursor!}x`, nextCursor!.slice(0, -3)]) {
      await expect(list({ status: "all", cursor }), cursor).rejects.toMatchObject({ status: 400 });
    }
    await expect(list({ status: "all", sort: "events", cursor: nextCursor! })).rejects.toMatchObject({ status: 400 });
  });

  it("breaks ties in the sort order by id so pages stay stable", async () => {
    const tie = world.at(500);
    const a = await createGroupFixture(database.prisma, world.api.id, { title: "tie", lastSeen: tie, firstSeen: tie });
    const b = await createGroupFixture(database.prisma, world.api.id, { title: "tie", lastSeen: tie, firstSeen: tie });
    const one = await list({ query: "tie", limit: "1" });
    const two = await list({ query: "tie", limit: "1", cursor: one.nextCursor! });
    expect([one.groups[0].id, two.groups[0].id].sort()).toEqual([a.id, b.id].sort());
  });

  it("shows the row as the list needs it", async () => {
    const row = (await list({ query: "price" })).groups[0];
    expect(row).toEqual({
      id: world.groups.checkout.id,
      shortId: `API-${world.groups.checkout.shortId.toString(36).toUpperCase()}`,
      title: "TypeError: price is undefined",
      culprit: "checkout/pay",
      level: "error",
      status: "unresolved",
      substatus: "new",
      firstSeen: world.at(0).toISOString(),
      lastSeen: world.at(100).toISOString(),
      timesSeen: 5,
      userCount: 0,
      linked: false,
      sparkline: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      project: { id: world.api.id, slug: "api", name: "API" },
      assignee: { type: "user", id: world.member.id, name: world.member.name, email: world.member.email },
    });
    expect((await list({ query: "upstream" })).groups[0].assignee).toEqual({ type: "team", id: world.team.id, name: "#backend", email: null });
  });
});

describe("listGroupsQuerySchema", () => {
  it("fills defaults and treats empty values as not given", () => {
    expect(listGroupsQuerySchema.parse({ status: "", project: "", query: "  " })).toEqual({
      status: "unresolved",
      assigned: "anyone",
      linked: "any",
      sort: "last_seen",
      page: 1,
      limit: 25,
      query: "",
    });
  });

  it("refuses bad values", () => {
    for (const bad of [{ status: "open" }, { sort: "title" }, { assigned: "you" }, { page: "0" }, { limit: "500" }, { project: "a b" }, { page: "x" }, { level: "critical" }, { linked: "yes" }, { cursor: "x".repeat(501) }]) {
      expect(listGroupsQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
