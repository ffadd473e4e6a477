import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { assignGroup } from "./assign-group";

// The proof is on PostgreSQL (several connections really race); on PGlite, which runs one
// transaction at a time, it checks that the lock neither deadlocks nor breaks the trail.
describe.each(await testDatabaseKinds())("concurrent assignments on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("ten concurrent assignments end with one assignee and a consistent trail", async () => {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 10 });
    const group = await createGroup(db, world.project.id);
    const results = await Promise.all(
      world.users.map((user) =>
        assignGroup(db, {
          organizationId: world.organization.id,
          groupId: group.id,
          assignee: { type: "user", id: user.id },
          actor: { userId: user.id },
          source: { kind: "dashboard" },
        }),
      ),
    );
    expect(results.every((r) => r.changed)).toBe(true);
    const assignees = await db.groupAssignee.findMany({ where: { groupId: group.id } });
    expect(assignees).toHaveLength(1);

    // The history is one unbroken chain: each entry points at the one before, none is skipped.
    const histories = await db.groupHistory.findMany({ where: { groupId: group.id } });
    expect(histories).toHaveLength(10);
    const byPrevious = new Map(histories.map((h) => [h.previousId, h]));
    expect(byPrevious.size).toBe(10);
    const chain = [];
    for (let entry = byPrevious.get(null); entry; entry = byPrevious.get(entry.id)) chain.push(entry);
    expect(chain).toHaveLength(10);

    // Activity and history of one change share their timestamp; the last link is the final assignee.
    const activities = await db.activity.findMany({ where: { groupId: group.id, type: "assigned" } });
    expect(activities).toHaveLength(10);
    const last = chain[chain.length - 1];
    const lastActivity = activities.find((a) => a.createdAt.getTime() === last.createdAt.getTime() && a.userId === last.actorUserId);
    expect(lastActivity?.data).toMatchObject({ assignee: assignees[0].userId });
    expect(new Set(activities.map((a) => (a.data as { assignee: string }).assignee)).size).toBe(10);

    // Exactly the final assignee keeps an "assigned" subscription.
    const subscriptions = await db.groupSubscription.findMany({ where: { groupId: group.id, reason: "assigned" } });
    expect(subscriptions.map((s) => s.userId)).toEqual([assignees[0].userId]);
  });
});
