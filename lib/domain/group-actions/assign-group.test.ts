import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { assignGroup } from "./assign-group";
import { deassignGroup } from "./deassign-group";
import type { ChangeSource } from "./change-context";

const dashboard: ChangeSource = { kind: "dashboard" };

describe.each(await testDatabaseKinds())("assignGroup / deassignGroup on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function setup() {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 2 });
    const group = await createGroup(db, world.project.id);
    const [alice, bob] = world.users;
    const ref = { organizationId: world.organization.id, groupId: group.id };
    return { db, world, group, alice, bob, ref };
  }

  it("assigns a user with activity, history, subscription and one assignee row", async () => {
    const { db, group, alice, bob, ref } = await setup();
    expect(await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { userId: bob.id }, source: dashboard })).toEqual({
      groupId: group.id,
      changed: true,
    });
    const assignee = await db.groupAssignee.findUniqueOrThrow({ where: { groupId: group.id } });
    expect(assignee).toMatchObject({ userId: alice.id, teamId: null, projectId: group.projectId });
    const activity = await db.activity.findFirstOrThrow({ where: { groupId: group.id } });
    expect(activity).toMatchObject({ type: "assigned", userId: bob.id });
    expect(activity.data).toEqual({ assignee: alice.id, assigneeType: "user", assigneeEmail: alice.email, source: { kind: "dashboard" } });
    const history = await db.groupHistory.findFirstOrThrow({ where: { groupId: group.id } });
    expect(history).toMatchObject({ status: "assigned", actorUserId: bob.id, source: "dashboard", previousId: null });
    expect(await db.groupSubscription.findMany({ where: { groupId: group.id } })).toMatchObject([{ userId: alice.id, reason: "assigned" }]);
  });

  it("re-assigns: one row, previous assignee unsubscribed, history chained", async () => {
    const { db, group, alice, bob, ref } = await setup();
    await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { system: true }, source: dashboard });
    await assignGroup(db, { ...ref, assignee: { type: "user", id: bob.id }, actor: { system: true }, source: { kind: "api" } });
    expect(await db.groupAssignee.count({ where: { groupId: group.id } })).toBe(1);
    expect((await db.groupAssignee.findUniqueOrThrow({ where: { groupId: group.id } })).userId).toBe(bob.id);
    expect(await db.groupSubscription.findMany({ where: { groupId: group.id }, select: { userId: true } })).toEqual([{ userId: bob.id }]);
    const histories = await db.groupHistory.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } });
    expect(histories).toHaveLength(2);
    expect(histories[1].previousId).toBe(histories[0].id);
    expect(histories[1].source).toBe("api");
  });

  it("assigning the current assignee again and deassigning an unassigned group change nothing", async () => {
    const { db, group, alice, ref } = await setup();
    expect((await deassignGroup(db, { ...ref, actor: { system: true }, source: dashboard })).changed).toBe(false);
    await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { system: true }, source: dashboard });
    expect((await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { system: true }, source: dashboard })).changed).toBe(false);
    expect(await db.activity.count({ where: { groupId: group.id } })).toBe(1);
    expect(await db.groupHistory.count({ where: { groupId: group.id } })).toBe(1);
  });

  it("deassigns with UNASSIGNED activity and history, and drops the assigned subscription only", async () => {
    const { db, group, alice, bob, ref } = await setup();
    await db.groupSubscription.create({ data: { groupId: group.id, userId: bob.id, reason: "comment" } });
    await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { system: true }, source: dashboard });
    const result = await deassignGroup(db, { ...ref, actor: { userId: bob.id }, source: { kind: "integration", integrationId: "int-1" } });
    expect(result.changed).toBe(true);
    expect(await db.groupAssignee.count({ where: { groupId: group.id } })).toBe(0);
    const activity = await db.activity.findFirstOrThrow({ where: { groupId: group.id, type: "unassigned" } });
    expect(activity.data).toEqual({ source: { kind: "integration", integrationId: "int-1" } });
    const last = await db.groupHistory.findFirstOrThrow({ where: { groupId: group.id, status: "unassigned" } });
    expect(last.source).toBe("integration:int-1");
    expect(last.previousId).not.toBeNull();
    expect(await db.groupSubscription.findMany({ where: { groupId: group.id }, select: { userId: true, reason: true } })).toEqual([
      { userId: bob.id, reason: "comment" },
    ]);
  });

  it("assigns a team: subscribes the team; switching to a member keeps that member, drops the team", async () => {
    const { db, world, group, alice, ref } = await setup();
    await assignGroup(db, { ...ref, assignee: { type: "team", id: world.team.id }, actor: { system: true }, source: dashboard });
    const activity = await db.activity.findFirstOrThrow({ where: { groupId: group.id } });
    expect(activity.data).toMatchObject({ assignee: world.team.id, assigneeType: "team", assigneeEmail: null });
    expect(await db.groupSubscription.findMany({ where: { groupId: group.id }, select: { teamId: true } })).toEqual([{ teamId: world.team.id }]);
    await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { system: true }, source: dashboard });
    expect(await db.groupSubscription.findMany({ where: { groupId: group.id }, select: { userId: true, teamId: true } })).toEqual([
      { userId: alice.id, teamId: null },
    ]);
    expect(await db.groupAssignee.findUniqueOrThrow({ where: { groupId: group.id } })).toMatchObject({ userId: alice.id, teamId: null });
  });

  it("refuses a user who is not on a team of the project (400) and writes nothing", async () => {
    const { db, world, group, ref } = await setup();
    const outsider = await createMember(db, world.organization.id);
    await expect(assignGroup(db, { ...ref, assignee: { type: "user", id: outsider.id }, actor: { system: true }, source: dashboard })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("not a member of a team on this group's project"),
    });
    const otherTeam = await db.team.create({ data: { organizationId: world.organization.id, slug: "ops", name: "Ops" } });
    await expect(assignGroup(db, { ...ref, assignee: { type: "team", id: otherTeam.id }, actor: { system: true }, source: dashboard })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("#ops is not attached"),
    });
    expect(await db.activity.count({ where: { groupId: group.id } })).toBe(0);
    expect(await db.groupAssignee.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("answers 404 for unknown or foreign groups, users and teams", async () => {
    const { db, group, alice, ref } = await setup();
    const other = await createOrganizationWithProject(db, { members: 1 });
    const foreignGroup = await createGroup(db, other.project.id);
    const input = { actor: { system: true as const }, source: dashboard };
    await expect(assignGroup(db, { ...ref, groupId: foreignGroup.id, assignee: { type: "user", id: alice.id }, ...input })).rejects.toMatchObject({ status: 404 });
    await expect(assignGroup(db, { ...ref, groupId: "nope", assignee: { type: "user", id: alice.id }, ...input })).rejects.toMatchObject({ status: 404 });
    await expect(assignGroup(db, { ...ref, assignee: { type: "user", id: other.users[0].id }, ...input })).rejects.toMatchObject({ status: 404, message: "User not found" });
    await expect(assignGroup(db, { ...ref, assignee: { type: "team", id: other.team.id }, ...input })).rejects.toMatchObject({ status: 404, message: "Team not found" });
    expect(await db.activity.count({ where: { groupId: { in: [group.id, foreignGroup.id] } } })).toBe(0);
  });

  it("queues an outbound assignee sync only for integrations that enable it and did not cause the change", async () => {
    const { db, world, group, alice, bob, ref } = await setup();
    const jira = await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config: { sync_forward_assignment: true }, key: "APP-1" });
    await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config: { sync_forward_assignment: false }, key: "OFF-1" });
    await assignGroup(db, { ...ref, assignee: { type: "user", id: alice.id }, actor: { system: true }, source: dashboard });
    const pending = await db.syncEvent.findMany({ where: { groupId: group.id } });
    expect(pending).toMatchObject([{ outcome: "pending", direction: "outbound", kind: "assignee", externalKey: "APP-1", integrationId: jira.integration.id }]);
    // The same Jira reporting the change must not be told about it again.
    await assignGroup(db, { ...ref, assignee: { type: "user", id: bob.id }, actor: { system: true }, source: { kind: "integration", integrationId: jira.integration.id } });
    expect(await db.syncEvent.count({ where: { groupId: group.id } })).toBe(1);
    // Team assignments are never pushed.
    await assignGroup(db, { ...ref, assignee: { type: "team", id: world.team.id }, actor: { system: true }, source: dashboard });
    expect(await db.syncEvent.count({ where: { groupId: group.id } })).toBe(1);
    await deassignGroup(db, { ...ref, actor: { system: true }, source: dashboard });
    expect(await db.syncEvent.count({ where: { groupId: group.id } })).toBe(2);
  });
});
