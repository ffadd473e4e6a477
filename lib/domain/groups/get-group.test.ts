import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createEventFixture, createGroupsWorld } from "@/lib/testing/ui-fixtures";
import { getGroupDetail } from "./get-group";
import { decodeEventCursor, encodeEventCursor, groupEventsQuerySchema, listGroupEvents } from "./list-group-events";

describe.each(await testDatabaseKinds())("group detail and events on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const db = database.prisma;
    world = await createGroupsWorld(db);
    const group = world.groups.checkout;
    const release = await db.release.create({ data: { projectId: world.api.id, version: "2.4.0" } });
    const users = ["u1", "u2", "u2", null, "u3", "u1"];
    for (const [i, userTag] of users.entries()) {
      await createEventFixture(db, group.id, {
        timestamp: world.at(i),
        userTag,
        message: `event ${i}`,
        environment: i % 2 ? "staging" : "production",
        releaseId: i < 2 ? release.id : null,
        tags: { browser: i < 4 ? "Chrome" : "Firefox" },
      });
    }
    await createEventFixture(db, world.groups.timeout.id, { userTag: "someone-else" });
    const integration = await db.integration.create({ data: { provider: "jira", externalId: "jira-ui-test", name: "Acme Jira" } });
    const issue = await db.externalIssue.create({
      data: { organizationId: world.ours.id, integrationId: integration.id, key: "APP-7", title: "Checkout breaks", webUrl: "https://acme.atlassian.net/browse/APP-7" },
    });
    await db.groupLink.create({ data: { groupId: group.id, externalIssueId: issue.id } });
  });
  afterAll(async () => {
    await database.close();
  });

  it("describes the group with stats, users affected, linked issues and tags", async () => {
    const detail = await getGroupDetail(database.prisma, { organizationId: world.ours.id, groupId: world.groups.checkout.id });
    expect(detail).toMatchObject({
      id: world.groups.checkout.id,
      title: "TypeError: price is undefined",
      timesSeen: 5,
      usersAffected: 3,
      project: { slug: "api" },
      assignee: { type: "user", id: world.member.id },
      externalIssues: [{ key: "APP-7", title: "Checkout breaks", url: "https://acme.atlassian.net/browse/APP-7", provider: "jira", integrationName: "Acme Jira", relationship: "references" }],
    });
    expect(detail?.tags.find((t) => t.key === "browser")).toEqual({ key: "browser", total: 6, values: [{ value: "Chrome", count: 4 }, { value: "Firefox", count: 2 }] });
    expect(detail?.tags.find((t) => t.key === "release")).toEqual({ key: "release", total: 2, values: [{ value: "2.4.0", count: 2 }] });
    expect(detail?.tags.find((t) => t.key === "environment")?.values).toEqual([{ value: "production", count: 3 }, { value: "staging", count: 3 }]);
  });

  it("has no linked issues and no users for a quiet group", async () => {
    const detail = await getGroupDetail(database.prisma, { organizationId: world.ours.id, groupId: world.groups.hydration.id });
    expect(detail).toMatchObject({ usersAffected: 0, externalIssues: [], tags: [], assignee: null });
  });

  it("is null for another organization's group and for an unknown id", async () => {
    expect(await getGroupDetail(database.prisma, { organizationId: world.ours.id, groupId: world.theirGroup.id })).toBeNull();
    expect(await getGroupDetail(database.prisma, { organizationId: world.theirs.id, groupId: world.groups.checkout.id })).toBeNull();
    expect(await getGroupDetail(database.prisma, { organizationId: world.ours.id, groupId: "nope" })).toBeNull();
  });

  it("lists events newest first, a page at a time, until the cursor runs out", async () => {
    const db = database.prisma;
    const query = (q: Record<string, string>) => groupEventsQuerySchema.parse(q);
    const first = await listGroupEvents(db, world.groups.checkout.id, query({ limit: "4" }));
    expect(first.events.map((e) => e.message)).toEqual(["event 5", "event 4", "event 3", "event 2"]);
    expect(first.events[0]).toMatchObject({ environment: "staging", release: null, userTag: "u1", tags: { browser: "Firefox" } });
    expect(first.nextCursor).not.toBeNull();
    const second = await listGroupEvents(db, world.groups.checkout.id, query({ limit: "4", cursor: first.nextCursor! }));
    expect(second.events.map((e) => e.message)).toEqual(["event 1", "event 0"]);
    expect(second.events[1]).toMatchObject({ release: "2.4.0", environment: "production" });
    expect(second.nextCursor).toBeNull();
  });

  it("refuses a cursor it did not make", async () => {
    await expect(listGroupEvents(database.prisma, world.groups.checkout.id, groupEventsQuerySchema.parse({ cursor: "garbage" }))).rejects.toMatchObject({ status: 400 });
    const position = { timestamp: new Date("2026-11-01T00:00:00Z"), id: "abc" };
    expect(decodeEventCursor(encodeEventCursor(position))).toEqual(position);
  });
});
