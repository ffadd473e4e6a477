import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createGroupFixture, createGroupsWorld, sessionCookieFor } from "@/lib/testing/ui-fixtures";
import { GET as listGroupsRoute } from "./route";

describe.each(await testDatabaseKinds())("groups search on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    cookie = await sessionCookieFor(world.member.id);
    await createGroupFixture(database.prisma, world.api.id, { title: "ECONNREFUSED payment-service:8080", lastSeen: world.at(10) });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const search = async (query: string) => {
    const res = await callRoute(listGroupsRoute, `/api/v1/organizations/${world.ours.slug}/groups?query=${encodeURIComponent(query)}`, { orgSlug: world.ours.slug }, { cookie });
    return { status: res.status, body: (await res.json()) as { groups?: { title: string }[] } };
  };

  it("defect 7: a slug-dash-word query too large for a short id is searched as text, not answered 500", async () => {
    for (const query of ["payment-service", "api-zzzzzzzz", "api-zik0zk"]) {
      const { status, body } = await search(query);
      expect(status, query).toBe(200);
      expect(body.groups?.map((g) => g.title), query).toEqual(query === "payment-service" ? ["ECONNREFUSED payment-service:8080"] : []);
    }
  });

  it("defect 7: the largest short id PostgreSQL stores is still looked up as one", async () => {
    await createGroupFixture(database.prisma, world.api.id, { title: "Last short id", shortId: 2_147_483_647 });
    const { status, body } = await search("API-ZIK0ZJ");
    expect(status).toBe(200);
    expect(body.groups?.map((g) => g.title)).toEqual(["Last short id"]);
  });
});
