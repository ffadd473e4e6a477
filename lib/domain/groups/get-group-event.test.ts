import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createEventWithFrames, createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { SDK_EVENT_FIXTURES } from "@/lib/domain/events/fixtures";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { normalizeSentryEvent } from "@/lib/intake/sentry-event";
import { getGroupEvent } from "./get-group-event";

describe.each(await testDatabaseKinds())("getGroupEvent on %s", (kind) => {
  let database: Database;
  let groupId: string;
  let otherGroupId: string;
  let project: { id: string; slug: string; organizationId: string };
  const ids: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const db = database.prisma;
    ({ project } = await createOrganizationWithProject(db, { members: 0 }));
    groupId = (await createGroup(db, project.id)).id;
    otherGroupId = (await createGroup(db, project.id)).id;
    const base = Date.parse("2026-11-20T10:00:00Z");
    // Oldest first; the newest holds frames in a shape nothing reads.
    ids.push((await createEventWithFrames(db, groupId, { timestamp: new Date(base), release: "web@1.2.0" })).id);
    ids.push((await createEventWithFrames(db, groupId, { timestamp: new Date(base + 60_000), userData: { id: 42 } })).id);
    ids.push((await createEventWithFrames(db, groupId, { timestamp: new Date(base + 120_000), frames: { broken: true }, userData: "nobody", userTag: null })).id);
    await createEventWithFrames(db, otherGroupId, { timestamp: new Date(base + 180_000) });
  });
  afterAll(async () => {
    await database.close();
  });

  it("shows the latest event by default, and degrades on frames it cannot read", async () => {
    const event = await getGroupEvent(database.prisma, { groupId });
    expect(event).toMatchObject({ id: ids[2], newerId: null, olderId: ids[1], user: null, stack: { frames: [], unreadable: 1 } });
  });

  it("shows an older event in full with its neighbours", async () => {
    const middle = await getGroupEvent(database.prisma, { groupId, eventId: ids[1] });
    expect(middle).toMatchObject({ olderId: ids[0], newerId: ids[2], user: { id: "42" } });
    const oldest = await getGroupEvent(database.prisma, { groupId, eventId: ids[0] });
    expect(oldest).toMatchObject({
      olderId: null,
      exceptionType: "TypeError",
      exceptionValue: "Cannot read properties of undefined (reading 'amount')",
      release: "web@1.2.0",
      environment: "production",
      tags: { browser: "Chrome 131", os: "macOS 15" },
      user: { id: "u_42", email: "ada@example.com" },
    });
    expect(oldest?.stack.frames).toHaveLength(6);
  });

  it("does not show another group's event", async () => {
    const theirs = await getGroupEvent(database.prisma, { groupId: otherGroupId });
    expect(await getGroupEvent(database.prisma, { groupId, eventId: theirs?.id })).toBeNull();
    const empty = await createGroup(database.prisma, (await database.prisma.group.findUniqueOrThrow({ where: { id: groupId } })).projectId);
    expect(await getGroupEvent(database.prisma, { groupId: empty.id })).toBeNull();
  });

  it("shows what an SDK sent beside the stored fields, and nothing of the kind for a JSON API event", async () => {
    const [ingested] = (await ingestEvents(database.prisma, { project, events: [normalizeSentryEvent(SDK_EVENT_FIXTURES.node)] })).groups;
    const event = await getGroupEvent(database.prisma, { groupId: ingested.id });
    expect(event).toMatchObject({ platform: "node", transaction: "send-invoice", exceptionType: "Error" });
    expect(event?.sdk?.exceptions.map((e) => e.type)).toEqual(["Error", "MailerUnavailableError"]);
    expect(event?.sdk?.breadcrumbs).toHaveLength(4);
    expect(event?.sdk?.sdk).toEqual({ name: "sentry.javascript.node", version: "11.12.0" });
    expect((await getGroupEvent(database.prisma, { groupId }))?.sdk).toBeNull();
  });
});
