import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createEventFixture, createGroupsWorld, sessionCookieFor, tokenFor } from "@/lib/testing/ui-fixtures";
import { GET as listEventsRoute } from "./events/route";
import { GET as getGroupRoute } from "./route";

describe.each(await testDatabaseKinds())("group read APIs on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let memberCookie: string;
  let outsiderCookie: string;
  let readToken: string;
  let eventsToken: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    world = await createGroupsWorld(db);
    for (let i = 0; i < 3; i++) await createEventFixture(db, world.groups.checkout.id, { timestamp: world.at(i), userTag: `user-${i}`, message: `event ${i}` });
    memberCookie = await sessionCookieFor(world.member.id);
    outsiderCookie = await sessionCookieFor(world.outsider.id);
    readToken = await tokenFor(db, world.ours.id, ["issues:read"]);
    eventsToken = await tokenFor(db, world.ours.id, ["events:write"]);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const detail = (groupId: string, credentials: { cookie?: string; token?: string }) => callRoute(getGroupRoute, `/api/v1/groups/${groupId}`, { groupId }, credentials);
  const events = (groupId: string, search: string, credentials: { cookie?: string; token?: string }) =>
    callRoute(listEventsRoute, `/api/v1/groups/${groupId}/events${search}`, { groupId }, credentials);

  describe("GET /api/v1/groups/{groupId}", () => {
    it("shows the group to a member and to a token with issues:read", async () => {
      for (const credentials of [{ cookie: memberCookie }, { token: readToken }]) {
        const res = await detail(world.groups.checkout.id, credentials);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({
          id: world.groups.checkout.id,
          title: "TypeError: price is undefined",
          usersAffected: 3,
          externalIssues: [],
          organization: { slug: world.ours.slug },
        });
      }
    });

    it("answers 401 anonymous, 403 without the scope, 404 for another organization's group or an unknown id", async () => {
      expect((await detail(world.groups.checkout.id, {})).status).toBe(401);
      expect((await detail(world.groups.checkout.id, { token: eventsToken })).status).toBe(403);
      expect((await detail(world.theirGroup.id, { cookie: memberCookie })).status).toBe(404);
      expect((await detail(world.groups.checkout.id, { cookie: outsiderCookie })).status).toBe(404);
      const unknown = await detail("no-such-group", { cookie: memberCookie });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: "not_found", message: "Group not found" } });
    });
  });

  describe("GET /api/v1/groups/{groupId}/events", () => {
    it("pages through the events newest first", async () => {
      const first = await events(world.groups.checkout.id, "?limit=2", { cookie: memberCookie });
      expect(first.status).toBe(200);
      const page = (await first.json()) as { events: { message: string }[]; nextCursor: string | null };
      expect(page.events.map((e) => e.message)).toEqual(["event 2", "event 1"]);
      const next = await events(world.groups.checkout.id, `?limit=2&cursor=${page.nextCursor}`, { token: readToken });
      expect(await next.json()).toMatchObject({ events: [{ message: "event 0" }], nextCursor: null });
    });

    it("answers 400 for a bad cursor or limit", async () => {
      expect((await events(world.groups.checkout.id, "?cursor=nonsense", { cookie: memberCookie })).status).toBe(400);
      expect((await events(world.groups.checkout.id, "?limit=0", { cookie: memberCookie })).status).toBe(400);
    });

    it("answers 401, 403 and 404 like the group", async () => {
      expect((await events(world.groups.checkout.id, "", {})).status).toBe(401);
      expect((await events(world.groups.checkout.id, "", { token: eventsToken })).status).toBe(403);
      expect((await events(world.theirGroup.id, "", { cookie: memberCookie })).status).toBe(404);
    });
  });
});
