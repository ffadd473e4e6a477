import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createMemberFixture } from "@/lib/testing/fixtures";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { callRoute, createGroupsWorld, sessionCookieFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { DELETE as removeMemberRoute } from "./[memberId]/route";

describe.each(await testDatabaseKinds())("removing a member on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let admin: Credentials;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    admin = { cookie: await sessionCookieFor(world.admin.id) };
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const remove = (memberId: string, credentials: Credentials) =>
    callRoute(removeMemberRoute, `/api/v1/organizations/${world.ours.slug}/members/${memberId}`, { orgSlug: world.ours.slug, memberId }, { ...credentials, method: "DELETE" });

  it("unassigns the groups assigned to them in this organization (with activity and the tracker told), and only those", async () => {
    const leaving = await createMemberFixture(database.prisma, world.ours.id, { role: "member" });
    // They are also a member elsewhere; what is theirs there stays theirs.
    await database.prisma.organizationMember.create({ data: { organizationId: world.theirs.id, userId: leaving.id } });
    const mine = await createGroup(database.prisma, world.api.id, { title: "Leaving's bug" });
    const alsoMine = await createGroup(database.prisma, world.web.id, { title: "Leaving's other bug" });
    const elsewhere = await createGroup(database.prisma, world.theirProject.id, { title: "Their bug" });
    for (const [group, projectId] of [[mine, world.api.id], [alsoMine, world.web.id], [elsewhere, world.theirProject.id]] as const) {
      await database.prisma.groupAssignee.create({ data: { groupId: group.id, projectId, userId: leaving.id } });
    }
    const jira = await linkExternalIssue(database.prisma, { organizationId: world.ours.id, groupId: mine.id, config: { sync_forward_assignment: true }, key: "OPS-9" });
    const memberId = (await database.prisma.organizationMember.findFirstOrThrow({ where: { organizationId: world.ours.id, userId: leaving.id } })).id;

    expect((await remove(memberId, admin)).status).toBe(204);

    expect(await database.prisma.groupAssignee.count({ where: { groupId: { in: [mine.id, alsoMine.id] } } })).toBe(0);
    expect(await database.prisma.groupAssignee.count({ where: { groupId: elsewhere.id, userId: leaving.id } })).toBe(1);
    const activity = await database.prisma.activity.findMany({ where: { type: "unassigned", groupId: { in: [mine.id, alsoMine.id, elsewhere.id] } }, orderBy: { groupId: "asc" } });
    expect(activity.map((a) => [a.groupId, a.userId]).sort()).toEqual([[mine.id, world.admin.id], [alsoMine.id, world.admin.id]].sort());
    expect(await database.prisma.groupHistory.count({ where: { groupId: { in: [mine.id, alsoMine.id] }, status: "unassigned" } })).toBe(2);
    const outbound = await database.prisma.syncEvent.findMany({ where: { groupId: mine.id, direction: "outbound" } });
    expect(outbound).toMatchObject([{ kind: "assignee", outcome: "pending", externalKey: "OPS-9", integrationId: jira.integration.id }]);
    // Other members' assignments are untouched.
    expect(await database.prisma.groupAssignee.count({ where: { groupId: world.groups.checkout.id, userId: world.member.id } })).toBe(1);
  });

  it("a refused removal (the last admin leaving) unassigns nothing", async () => {
    const soleAdmin = world.admin.id;
    const group = await createGroup(database.prisma, world.api.id, { title: "Admin's bug" });
    await database.prisma.groupAssignee.create({ data: { groupId: group.id, projectId: world.api.id, userId: soleAdmin } });
    const memberId = (await database.prisma.organizationMember.findFirstOrThrow({ where: { organizationId: world.ours.id, userId: soleAdmin } })).id;
    expect((await remove(memberId, admin)).status).toBe(409);
    expect(await database.prisma.groupAssignee.count({ where: { groupId: group.id, userId: soleAdmin } })).toBe(1);
    expect(await database.prisma.activity.count({ where: { groupId: group.id } })).toBe(0);
  });
});
