import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { eventInputSchema } from "@/lib/domain/events/schema";
import type { GroupSummary } from "@/lib/domain/groups/group-view";
import type { GroupStatus, Level } from "@/lib/generated/prisma/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createMemberFixture, createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { callRoute, createGroupFixture, createGroupsWorld, sessionCookieFor } from "@/lib/testing/ui-fixtures";
import { GET as countsRoute } from "./counts/route";
import { GET as listRoute } from "./route";

interface ListBody {
  groups: GroupSummary[];
  limit: number;
  nextCursor: string | null;
  previousCursor: string | null;
}
type StatusCounts = Record<"unresolved" | "resolved" | "ignored" | "all", { count: number; capped: boolean }>;

const DAY = 86_400_000;

describe.each(await testDatabaseKinds())("groups list API on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let cookie: string;
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET ??= "groups-list-test-secret";
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    cookie = await sessionCookieFor(world.member.id);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const get = async (slug: string, search: string) => {
    const res = await callRoute(listRoute, `/api/v1/organizations/${slug}/groups${search}`, { orgSlug: slug }, { cookie });
    return { status: res.status, body: (await res.json()) as ListBody & { error?: { code: string; message: string } } };
  };
  const list = async (search: string, slug = world.ours.slug) => {
    const { status, body } = await get(slug, search);
    expect(status, `${search}: ${JSON.stringify(body)}`).toBe(200);
    return body;
  };
  const titles = async (search: string) => (await list(search)).groups.map((g) => g.title);
  const counts = async (search: string, slug = world.ours.slug) => {
    const res = await callRoute(countsRoute, `/api/v1/organizations/${slug}/groups/counts${search}`, { orgSlug: slug }, { cookie });
    expect(res.status).toBe(200);
    return ((await res.json()) as { counts: StatusCounts }).counts;
  };

  it("filters by level and by whether the group is linked to an external issue", async () => {
    expect(await titles("?level=fatal")).toEqual(["Hydration failed"]);
    expect(await titles("?level=warning&status=all")).toEqual(["TimeoutError: upstream"]);
    const integration = await database.prisma.integration.create({ data: { provider: "jira", externalId: `list-${kind}`, name: "Jira" } });
    const issue = await database.prisma.externalIssue.create({ data: { organizationId: world.ours.id, integrationId: integration.id, key: "APP-1" } });
    await database.prisma.groupLink.create({ data: { groupId: world.groups.quota.id, externalIssueId: issue.id } });
    const linked = await list("?linked=linked");
    expect(linked.groups.map((g) => [g.title, g.linked])).toEqual([["QuotaExceededError", true]]);
    expect(await titles("?linked=unlinked")).toEqual(["TypeError: price is undefined", "TimeoutError: upstream", "Hydration failed"]);
    expect(await counts("?linked=linked")).toEqual({
      unresolved: { count: 1, capped: false },
      resolved: { count: 0, capped: false },
      ignored: { count: 0, capped: false },
      all: { count: 1, capped: false },
    });
    expect((await counts("?assigned=me&project=api")).unresolved).toEqual({ count: 2, capped: false });
  });

  it("keeps userCount and a 14-day sparkline from what ingestion stored, and sorts by users", async () => {
    const now = Date.now();
    const event = (user: string | null, daysAgo: number, n: number) =>
      eventInputSchema.parse({ message: "Sparkline group", eventId: n.toString(16).padStart(32, "a"), timestamp: new Date(now - daysAgo * DAY).toISOString(), ...(user ? { user: { id: user } } : {}) });
    const project = { id: world.api.id, slug: world.api.slug, organizationId: world.ours.id };
    const [first] = (await ingestEvents(database.prisma, { project, events: [event("a", 2, 1), event("b", 2, 2), event("a", 0, 3), event(null, 20, 4)] })).groups;
    await ingestEvents(database.prisma, { project, events: [event("a", 0, 3), event("c", 0, 5)] }); // one re-sent, one new
    const row = (await list("?query=Sparkline")).groups[0];
    expect(row).toMatchObject({ id: first.id, userCount: 3, timesSeen: 5, linked: false });
    expect(row.sparkline).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]);
    await database.prisma.group.update({ where: { id: world.groups.hydration.id }, data: { userCount: 7 } });
    expect((await titles("?sort=users")).slice(0, 2)).toEqual(["Hydration failed", "Sparkline group"]);
  });

  it("caps each tab's count at 1,000", async () => {
    const org = await createOrganizationFixture(database.prisma);
    const project = await createProjectFixture(database.prisma, org.id);
    const owner = await createMemberFixture(database.prisma, org.id, { role: "owner" });
    await database.prisma.$executeRaw`
      INSERT INTO "Group" ("id", "projectId", "shortId", "fingerprint", "title", "level", "status", "firstSeen", "lastSeen", "updatedAt")
      SELECT 'cap' || i, ${project.id}, i, 'cap-' || i, 'Capped ' || i, 'error', (CASE WHEN i <= 1001 THEN 'unresolved' ELSE 'resolved' END)::"GroupStatus", now(), now(), now()
      FROM generate_series(1, 1010) AS i`;
    const res = await callRoute(countsRoute, `/api/v1/organizations/${org.slug}/groups/counts`, { orgSlug: org.slug }, { cookie: await sessionCookieFor(owner.id) });
    expect(await res.json()).toEqual({
      counts: {
        unresolved: { count: 1000, capped: true },
        resolved: { count: 9, capped: false },
        ignored: { count: 0, capped: false },
        all: { count: 1000, capped: true },
      },
    });
  });

  it("answers bad parameters and tampered cursors with a 400 JSON error", async () => {
    const { nextCursor } = await list("?status=all&limit=2");
    const forged = Buffer.from(JSON.stringify({ s: "last_seen", d: "n", k: 1, i: "x'; DROP TABLE" })).toString("base64url");
    for (const search of ["?level=critical", "?linked=yes", "?sort=title", "?limit=0", "?limit=101", "?cursor=not~base64", `?cursor=${forged}`, `?sort=users&cursor=${nextCursor}`, "?cursor=e30"]) {
      const { status, body } = await get(world.ours.slug, search);
      expect(status, search).toBe(400);
      // Parameters the schema refuses are validation_failed; a cursor it cannot use is bad_request.
      expect(body.error?.code, search).toBe(search.includes("cursor") ? "bad_request" : "validation_failed");
      expect(body.error?.message.length, search).toBeGreaterThan(0);
    }
    const res = await callRoute(countsRoute, `/api/v1/organizations/${world.ours.slug}/groups/counts?assigned=someone`, { orgSlug: world.ours.slug }, { cookie });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
  });

  describe("paging with cursors", () => {
    interface Seeded {
      id: string;
      project: "p1" | "p2";
      status: GroupStatus;
      level: Level;
      linked: boolean;
      assigned: "me" | "other" | null;
      lastSeen: number;
      firstSeen: number;
      timesSeen: number;
      userCount: number;
    }
    let slug: string;
    let seeded: Seeded[];
    let ownerCookie: string;
    beforeAll(async () => {
      const db = database.prisma;
      const org = await createOrganizationFixture(db);
      slug = org.slug;
      const projects = { p1: await createProjectFixture(db, org.id, { slug: "p1" }), p2: await createProjectFixture(db, org.id, { slug: "p2" }) };
      const owner = await createMemberFixture(db, org.id, { role: "owner" });
      const other = await createMemberFixture(db, org.id);
      ownerCookie = await sessionCookieFor(owner.id);
      const integration = await db.integration.create({ data: { provider: "jira", externalId: `paging-${kind}`, name: "Jira" } });
      const base = Date.parse("2026-11-01T00:00:00Z");
      const statuses: GroupStatus[] = ["unresolved", "resolved", "ignored"];
      const levels: Level[] = ["fatal", "error", "warning", "info", "debug"];
      seeded = [];
      // Few distinct key values, so ties (broken by id) are common.
      for (let i = 0; i < 36; i += 1) {
        const s: Omit<Seeded, "id"> = {
          project: i % 3 === 0 ? "p2" : "p1",
          status: statuses[(i * 7) % 3],
          level: levels[(i * 3) % 5],
          linked: i % 4 === 1,
          assigned: i % 5 === 0 ? "me" : i % 5 === 2 ? "other" : null,
          lastSeen: base + ((i * 5) % 9) * 60_000,
          firstSeen: base - ((i * 11) % 7) * 60_000,
          timesSeen: (i * 13) % 6,
          userCount: (i * 17) % 4,
        };
        const group = await createGroupFixture(db, projects[s.project].id, {
          title: `Paged ${i}`,
          status: s.status,
          level: s.level,
          lastSeen: new Date(s.lastSeen),
          firstSeen: new Date(s.firstSeen),
          timesSeen: s.timesSeen,
          userCount: s.userCount,
        });
        if (s.linked) {
          const issue = await db.externalIssue.create({ data: { organizationId: org.id, integrationId: integration.id, key: `P-${i}` } });
          await db.groupLink.create({ data: { groupId: group.id, externalIssueId: issue.id } });
        }
        if (s.assigned) await db.groupAssignee.create({ data: { groupId: group.id, projectId: projects[s.project].id, userId: s.assigned === "me" ? owner.id : other.id } });
        seeded.push({ id: group.id, ...s });
      }
    });

    const keyOf = { last_seen: (s: Seeded) => s.lastSeen, first_seen: (s: Seeded) => s.firstSeen, events: (s: Seeded) => s.timesSeen, users: (s: Seeded) => s.userCount };
    const filters = fc.record({
      status: fc.constantFrom("unresolved", "resolved", "ignored", "all"),
      sort: fc.constantFrom("last_seen", "first_seen", "events", "users"),
      level: fc.option(fc.constantFrom<Level>("fatal", "error", "warning", "info", "debug"), { nil: undefined }),
      linked: fc.constantFrom("any", "linked", "unlinked"),
      assigned: fc.constantFrom("anyone", "me", "unassigned"),
      project: fc.option(fc.constantFrom("p1", "p2"), { nil: undefined }),
      limit: fc.integer({ min: 1, max: 8 }),
    });

    it("visits every matching group exactly once, in sort order, forwards and back", async () => {
      await fc.assert(
        fc.asyncProperty(filters, async (f) => {
          const params = new URLSearchParams({ status: f.status, sort: f.sort, linked: f.linked, assigned: f.assigned, limit: String(f.limit) });
          if (f.level) params.set("level", f.level);
          if (f.project) params.set("project", f.project);
          const fetchPage = async (cursor: string | null) => {
            const search = new URLSearchParams(params);
            if (cursor) search.set("cursor", cursor);
            const res = await callRoute(listRoute, `/api/v1/organizations/${slug}/groups?${search}`, { orgSlug: slug }, { cookie: ownerCookie });
            expect(res.status).toBe(200);
            return (await res.json()) as ListBody;
          };
          const pages: ListBody[] = [];
          let page = await fetchPage(null);
          pages.push(page);
          while (page.nextCursor) {
            expect(page.groups).toHaveLength(f.limit);
            page = await fetchPage(page.nextCursor);
            pages.push(page);
            expect(pages.length).toBeLessThan(40);
          }
          const visited = pages.flatMap((p) => p.groups.map((g) => g.id));
          const expected = seeded.filter(
            (s) =>
              (f.status === "all" || s.status === f.status) &&
              (!f.level || s.level === f.level) &&
              (f.linked === "any" || s.linked === (f.linked === "linked")) &&
              (f.assigned === "anyone" || (f.assigned === "me" ? s.assigned === "me" : s.assigned === null)) &&
              (!f.project || s.project === f.project),
          );
          expect(new Set(visited).size).toBe(visited.length);
          expect([...visited].sort()).toEqual(expected.map((s) => s.id).sort());
          const byId = new Map(seeded.map((s) => [s.id, s]));
          const keys = visited.map((id) => keyOf[f.sort](byId.get(id)!));
          expect(keys).toEqual([...keys].sort((a, b) => b - a));
          expect(pages[0].previousCursor).toBeNull();
          // Back from the last page to the first: the same pages, in reverse.
          const back: string[][] = [pages[pages.length - 1].groups.map((g) => g.id)];
          let cursor = pages[pages.length - 1].previousCursor;
          while (cursor) {
            const previous = await fetchPage(cursor);
            back.unshift(previous.groups.map((g) => g.id));
            cursor = previous.previousCursor;
          }
          expect(back).toEqual(pages.map((p) => p.groups.map((g) => g.id)));
        }),
        { numRuns: kind === "pglite" ? 25 : 40 },
      );
    });
  });
});
