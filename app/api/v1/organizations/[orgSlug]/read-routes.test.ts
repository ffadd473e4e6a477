import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createGroupsWorld, sessionCookieFor, tokenFor } from "@/lib/testing/ui-fixtures";
import { GET as listGroupsRoute } from "./groups/route";
import { GET as listMembersRoute } from "./members/route";
import { GET as listProjectsRoute } from "./projects/route";

describe.each(await testDatabaseKinds())("organization read APIs on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let memberCookie: string;
  let readToken: string;
  let eventsToken: string;
  let theirToken: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    world = await createGroupsWorld(db);
    memberCookie = await sessionCookieFor(world.member.id);
    readToken = await tokenFor(db, world.ours.id, ["issues:read"], world.admin.id);
    eventsToken = await tokenFor(db, world.ours.id, ["events:write"]);
    theirToken = await tokenFor(db, world.theirs.id, ["org:admin"]);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const groups = (slug: string, search: string, credentials: { cookie?: string; token?: string }) =>
    callRoute(listGroupsRoute, `/api/v1/organizations/${slug}/groups${search}`, { orgSlug: slug }, credentials);

  describe("GET /api/v1/organizations/{orgSlug}/groups", () => {
    it("lists a member's unresolved groups through the session", async () => {
      const res = await groups(world.ours.slug, "", { cookie: memberCookie });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { groups: { id: string; shortId: string }[]; limit: number; nextCursor: string | null; previousCursor: string | null };
      expect(body.groups).toHaveLength(4);
      expect(body.groups.map((g) => g.id)).toEqual([world.groups.checkout.id, world.groups.timeout.id, world.groups.hydration.id, world.groups.quota.id]);
      expect(body.groups[0].shortId).toMatch(/^API-/);
      expect(body).toMatchObject({ limit: 25, nextCursor: null, previousCursor: null });
    });

    it("applies the filters from the query string; 'me' is the session user", async () => {
      const res = await groups(world.ours.slug, "?assigned=me&project=api&sort=events", { cookie: memberCookie });
      const body = (await res.json()) as { groups: { title: string }[] };
      expect(body.groups.map((g) => g.title)).toEqual(["TimeoutError: upstream", "TypeError: price is undefined"]);
    });

    it("serves a token with issues:read; 'me' is the token's creator", async () => {
      const res = await groups(world.ours.slug, "?assigned=me", { token: readToken });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { groups: { title: string }[] }).groups.map((g) => g.title)).toEqual(["QuotaExceededError"]);
    });

    it("answers 400 with the field for bad filter values", async () => {
      for (const search of ["?status=open", "?sort=random", "?page=0", "?limit=1000", "?assigned=nobody"]) {
        const res = await groups(world.ours.slug, search, { cookie: memberCookie });
        expect(res.status, search).toBe(400);
        const body = (await res.json()) as { error: { code: string; details: { fields: Record<string, string[]> } } };
        expect(body.error.code).toBe("validation_failed");
        expect(Object.keys(body.error.details.fields)).toHaveLength(1);
      }
    });

    it("answers 401 without credentials and for an unknown token", async () => {
      expect((await groups(world.ours.slug, "", {})).status).toBe(401);
      expect((await groups(world.ours.slug, "", { token: "tth_not-a-real-token" })).status).toBe(401);
    });

    it("answers 403 to a token without issues:read", async () => {
      expect((await groups(world.ours.slug, "", { token: eventsToken })).status).toBe(403);
    });

    it("answers 404 for another organization, by session or by token, and for an unknown slug", async () => {
      expect((await groups(world.theirs.slug, "", { cookie: memberCookie })).status).toBe(404);
      expect((await groups(world.theirs.slug, "", { token: readToken })).status).toBe(404);
      expect((await groups(world.ours.slug, "", { token: theirToken })).status).toBe(404);
      expect((await groups("no-such-org", "", { cookie: memberCookie })).status).toBe(404);
    });
  });

  describe("GET /api/v1/organizations/{orgSlug}/projects and /members", () => {
    it("lists the organization's projects", async () => {
      const res = await callRoute(listProjectsRoute, "/api/v1/organizations/x/projects", { orgSlug: world.ours.slug }, { cookie: memberCookie });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { projects: { slug: string }[] }).projects.map((p) => p.slug)).toEqual(["api", "web"]);
      const byToken = await callRoute(listProjectsRoute, "/", { orgSlug: world.ours.slug }, { token: readToken });
      expect(byToken.status).toBe(200);
    });

    it("lists members and teams", async () => {
      const res = await callRoute(listMembersRoute, "/", { orgSlug: world.ours.slug }, { token: readToken });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { members: { userId: string; role: string }[]; teams: { slug: string }[] };
      expect(body.members.map((m) => m.userId).sort()).toEqual([world.admin.id, world.member.id].sort());
      expect(body.teams.map((t) => t.slug)).toEqual(["backend"]);
    });

    it("refuses anonymous (401), a token without the scope (403) and outsiders (404)", async () => {
      for (const route of [listProjectsRoute, listMembersRoute]) {
        expect((await callRoute(route, "/", { orgSlug: world.ours.slug }, {})).status).toBe(401);
        expect((await callRoute(route, "/", { orgSlug: world.ours.slug }, { token: eventsToken })).status).toBe(403);
        expect((await callRoute(route, "/", { orgSlug: world.theirs.slug }, { cookie: memberCookie })).status).toBe(404);
      }
    });
  });
});
