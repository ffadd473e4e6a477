import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { listSyncEvents } from "./list-sync-events";
import { recordSyncEvent } from "./record-sync-event";

describe.each(await testDatabaseKinds())("sync history on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("records in the caller's transaction: a rolled back change leaves no sync event", async () => {
    const db = database.prisma;
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    const group = await createGroup(db, project.id);
    const base = { organizationId: organization.id, integrationId: null, provider: "jira" as const, direction: "inbound" as const, kind: "assignee" as const };
    await expect(
      db.$transaction(async (tx) => {
        await recordSyncEvent(tx, { ...base, outcome: "applied", groupId: group.id });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.syncEvent.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it("lists by organization and by group, newest first, in pages, never across organizations", async () => {
    const db = database.prisma;
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    const other = await createOrganizationWithProject(db, { members: 0 });
    const group = await createGroup(db, project.id);
    const otherGroup = await createGroup(db, project.id);
    const base = { organizationId: organization.id, integrationId: null, provider: "jira" as const, direction: "outbound" as const, kind: "status" as const };
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      await db.syncEvent.create({ data: { ...base, outcome: "applied", groupId: group.id, attempt: i + 1, createdAt: new Date(t0 + i * 1000) } });
    }
    await db.syncEvent.create({ data: { ...base, outcome: "failed", groupId: otherGroup.id, createdAt: new Date(t0 + 10_000) } });
    await db.syncEvent.create({ data: { ...base, organizationId: other.organization.id, outcome: "failed" } });

    const all = await listSyncEvents(db, { organizationId: organization.id });
    expect(all.items.map((e) => e.outcome)).toEqual(["failed", "applied", "applied", "applied", "applied", "applied"]);
    const page1 = await listSyncEvents(db, { organizationId: organization.id, groupId: group.id }, { limit: 2 });
    expect(page1.items.map((e) => e.attempt)).toEqual([5, 4]);
    const page2 = await listSyncEvents(db, { organizationId: organization.id, groupId: group.id }, { limit: 2, cursor: page1.nextCursor ?? undefined });
    const page3 = await listSyncEvents(db, { organizationId: organization.id, groupId: group.id }, { limit: 2, cursor: page2.nextCursor ?? undefined });
    expect(page2.items.map((e) => e.attempt)).toEqual([3, 2]);
    expect(page3).toMatchObject({ nextCursor: null });
    expect(page3.items.map((e) => e.attempt)).toEqual([1]);
    expect((await listSyncEvents(db, { organizationId: other.organization.id, groupId: group.id })).items).toEqual([]);
  });

  it("names the channel and who acted on Discord rows, the linked user by email", async () => {
    const db = database.prisma;
    const { organization } = await createOrganizationWithProject(db, { members: 0 });
    const jane = await createMember(db, organization.id, { email: "jane-discord@example.com" });
    const base = { organizationId: organization.id, integrationId: null, provider: "discord" as const, outcome: "applied" as const };
    await db.syncEvent.create({ data: { ...base, direction: "inbound", kind: "interaction", externalKey: "222", payload: { channelId: "222", discordUserId: "333", userId: jane.id } } });
    await db.syncEvent.create({ data: { ...base, direction: "inbound", kind: "interaction", payload: { channelId: "223", discordUserId: "334", userId: null } } });
    await db.syncEvent.create({ data: { ...base, direction: "outbound", kind: "notification", externalKey: "224", payload: "not an object" } });
    const { items } = await listSyncEvents(db, { organizationId: organization.id });
    // An install row names the server in its external key, not a channel.
    await db.syncEvent.create({ data: { ...base, direction: "inbound", kind: "install", externalKey: "225", payload: { channelId: null } } });
    const [install] = (await listSyncEvents(db, { organizationId: organization.id })).items;
    expect(install?.kind).toBe("install");
    expect(install?.discord).toBeUndefined();
    expect(items.map((row) => row.discord)).toEqual([
      { channelId: "224", discordUserId: null, userEmail: null },
      { channelId: "223", discordUserId: "334", userEmail: null },
      { channelId: "222", discordUserId: "333", userEmail: "jane-discord@example.com" },
    ]);
  });
});
