import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { subscribeGroupEvents, type GroupEvent } from "@/lib/domain/group-events";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject, createRelease, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { archiveGroup } from "./archive-group";
import { markOngoing } from "./mark-ongoing";
import { resolveGroup } from "./resolve-group";
import { unresolveGroup } from "./unresolve-group";
import { bulkUpdateGroups } from "./update-group";

const base = { actor: { system: true as const }, source: { kind: "dashboard" as const } };

describe.each(await testDatabaseKinds())("group status changes on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function setup() {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 1 });
    const group = await createGroup(db, world.project.id);
    return { db, world, group, ref: { organizationId: world.organization.id, groupId: group.id } };
  }

  it("resolves now, then is a no-op; unresolve reopens as ongoing", async () => {
    const { db, group, ref } = await setup();
    expect((await resolveGroup(db, { ...ref, ...base })).changed).toBe(true);
    expect(await db.group.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "resolved", substatus: null });
    expect((await resolveGroup(db, { ...ref, ...base })).changed).toBe(false);
    expect((await unresolveGroup(db, { ...ref, ...base })).changed).toBe(true);
    expect((await unresolveGroup(db, { ...ref, ...base })).changed).toBe(false);
    const g = await db.group.findUniqueOrThrow({ where: { id: group.id } });
    expect(g).toMatchObject({ status: "unresolved", substatus: "ongoing", resolvedAt: null });
    const activities = await db.activity.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(activities.map((a) => a.type)).toEqual(["set_resolved", "set_unresolved"]);
    const histories = await db.groupHistory.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(histories.map((h) => h.status)).toEqual(["resolved", "unresolved"]);
    expect(histories[1].previousId).toBe(histories[0].id);
  });

  it("resolves in the next release and in the current release with a GroupResolution", async () => {
    const { db, world, group, ref } = await setup();
    await createRelease(db, world.project.id, "1.0.0", new Date(Date.now() - 60_000));
    const latest = await createRelease(db, world.project.id, "1.1.0");
    await resolveGroup(db, { ...ref, ...base, resolution: { kind: "in_next_release" } });
    expect(await db.groupResolution.findUniqueOrThrow({ where: { groupId: group.id } })).toMatchObject({
      type: "in_next_release",
      releaseId: latest.id,
      currentReleaseVersion: "1.1.0",
    });
    const first = await db.activity.findFirstOrThrow({ where: { groupId: group.id } });
    expect(first).toMatchObject({ type: "set_resolved_in_release", data: { version: "", current_release_version: "1.1.0" } });
    expect((await resolveGroup(db, { ...ref, ...base, resolution: { kind: "in_next_release" } })).changed).toBe(false);
    expect((await resolveGroup(db, { ...ref, ...base, resolution: { kind: "in_current_release" } })).changed).toBe(true);
    expect(await db.groupResolution.findUniqueOrThrow({ where: { groupId: group.id } })).toMatchObject({ type: "in_release", releaseId: latest.id });
    const history = await db.groupHistory.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(history.map((h) => [h.status, h.releaseId])).toEqual([
      ["set_resolved_in_next_release", latest.id],
      ["set_resolved_in_release", latest.id],
    ]);
    await resolveGroup(db, { ...ref, ...base });
    expect(await db.groupResolution.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("refuses a release-based resolution when the project has no release, writing nothing", async () => {
    const { db, group, ref } = await setup();
    await expect(resolveGroup(db, { ...ref, ...base, resolution: { kind: "in_next_release" } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("no release"),
    });
    await expect(resolveGroup(db, { ...ref, ...base, resolution: { kind: "in_release", version: "9.9" } })).rejects.toMatchObject({ status: 400 });
    expect(await db.group.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "unresolved" });
    expect(await db.activity.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("archives until escalating, forever, for a duration and for a count", async () => {
    const { db, group, ref } = await setup();
    await archiveGroup(db, { ...ref, ...base, condition: { until: "escalating" } });
    expect(await db.group.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "ignored", substatus: "until_escalating" });
    expect((await archiveGroup(db, { ...ref, ...base, condition: { until: "escalating" } })).changed).toBe(false);
    await archiveGroup(db, { ...ref, ...base, condition: { until: "forever" } });
    expect(await db.group.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ substatus: "forever" });
    await archiveGroup(db, { ...ref, ...base, condition: { until: "duration", minutes: 30 } });
    const timed = await db.group.findUniqueOrThrow({ where: { id: group.id } });
    expect(timed).toMatchObject({ substatus: "until_condition_met", statusDetails: { ignoreDuration: 30 } });
    await archiveGroup(db, { ...ref, ...base, condition: { until: "count", count: 100, windowMinutes: 60 } });
    const counted = await db.group.findUniqueOrThrow({ where: { id: group.id } });
    expect(counted.statusDetails).toEqual({ ignoreCount: 100, ignoreWindow: 60 });
    const activities = await db.activity.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(activities.map((a) => a.type)).toEqual(["set_ignored", "set_ignored", "set_ignored", "set_ignored"]);
    const histories = await db.groupHistory.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(histories.map((h) => h.status)).toEqual([
      "archived_until_escalating",
      "archived_forever",
      "archived_until_condition_met",
      "archived_until_condition_met",
    ]);
  });

  it("marks a new group ongoing (history only), and reopens an archived one", async () => {
    const { db, group, ref } = await setup();
    expect((await markOngoing(db, { ...ref, ...base })).changed).toBe(true);
    expect((await markOngoing(db, { ...ref, ...base })).changed).toBe(false);
    expect(await db.activity.count({ where: { groupId: group.id } })).toBe(0);
    await archiveGroup(db, { ...ref, ...base, condition: { until: "forever" } });
    await markOngoing(db, { ...ref, ...base });
    expect(await db.group.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "unresolved", substatus: "ongoing" });
  });

  it("queues status syncs for resolve and unresolve but not for archive", async () => {
    const { db, world, group, ref } = await setup();
    await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config: { sync_status_forward: true } });
    await resolveGroup(db, { ...ref, ...base });
    await unresolveGroup(db, { ...ref, ...base });
    await archiveGroup(db, { ...ref, ...base, condition: { until: "forever" } });
    expect((await db.syncEvent.findMany({ where: { groupId: group.id } })).map((s) => [s.kind, s.outcome])).toEqual([
      ["status", "pending"],
      ["status", "pending"],
    ]);
  });

  it("publishes events after commit, never for no-ops, and survives a failing subscriber", async () => {
    const { db, group, ref } = await setup();
    const seen: { event: GroupEvent; statusSeen: string }[] = [];
    const stopBroken = subscribeGroupEvents(() => {
      throw new Error("subscriber bug");
    });
    const stop = subscribeGroupEvents(async (event) => {
      // Published after commit: the change is visible from outside the transaction.
      const row = await db.group.findUniqueOrThrow({ where: { id: event.groupId } });
      seen.push({ event, statusSeen: row.status });
    });
    try {
      await resolveGroup(db, { ...ref, ...base });
      await resolveGroup(db, { ...ref, ...base });
      await archiveGroup(db, { ...ref, ...base, condition: { until: "escalating" } });
      await unresolveGroup(db, { ...ref, ...base });
    } finally {
      stop();
      stopBroken();
    }
    expect(seen.map((s) => [s.event.type, s.statusSeen])).toEqual([
      ["resolved", "resolved"],
      ["archived", "ignored"],
      ["unresolved", "unresolved"],
    ]);
    expect(seen[0].event).toMatchObject({ groupId: group.id, resolution: "now", source: { kind: "dashboard" } });
  });

  it("bulk-updates many groups, reporting each group's outcome", async () => {
    const { db, world, group, ref } = await setup();
    const second = await createGroup(db, world.project.id);
    await resolveGroup(db, { ...ref, ...base });
    const results = await bulkUpdateGroups(db, {
      organizationId: world.organization.id,
      groupIds: [group.id, second.id, "unknown"],
      changes: { status: { status: "resolved", resolution: { kind: "now" } } },
      ...base,
    });
    expect(results).toEqual([
      { groupId: group.id, ok: true, changed: false },
      { groupId: second.id, ok: true, changed: true },
      { groupId: "unknown", ok: false, error: { status: 404, code: "not_found", message: "Group not found" } },
    ]);
  });
});
