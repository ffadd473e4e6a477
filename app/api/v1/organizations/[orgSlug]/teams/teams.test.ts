import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { linkExternalIssue } from "@/lib/testing/group-fixtures";
import { callRoute, createGroupsWorld, sessionCookieFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { DELETE as deleteTeamRoute } from "./[teamId]/route";
import { POST as addMemberRoute } from "./[teamId]/members/route";
import { DELETE as removeMemberRoute } from "./[teamId]/members/[memberId]/route";
import { GET as listTeamsRoute, POST as createTeamRoute } from "./route";

interface TeamRow {
  id: string;
  slug: string;
  members: { memberId: string; email: string }[];
  projects: { slug: string }[];
}

describe.each(await testDatabaseKinds())("team routes on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let admin: Credentials;
  let member: Credentials;
  let outsider: Credentials;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    admin = { cookie: await sessionCookieFor(world.admin.id) };
    member = { cookie: await sessionCookieFor(world.member.id) };
    outsider = { cookie: await sessionCookieFor(world.outsider.id) };
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const slug = () => world.ours.slug;
  const list = async (credentials: Credentials = admin) => callRoute(listTeamsRoute, `/api/v1/organizations/${slug()}/teams`, { orgSlug: slug() }, credentials);
  const teams = async () => ((await (await list()).json()) as { teams: TeamRow[] }).teams;
  const create = (body: unknown, credentials: Credentials) => callRoute(createTeamRoute, `/api/v1/organizations/${slug()}/teams`, { orgSlug: slug() }, { ...credentials, method: "POST", body });
  const add = (teamId: string, body: unknown, credentials: Credentials) =>
    callRoute(addMemberRoute, `/api/v1/organizations/${slug()}/teams/${teamId}/members`, { orgSlug: slug(), teamId }, { ...credentials, method: "POST", body });
  const takeOff = (teamId: string, memberId: string, credentials: Credentials) =>
    callRoute(removeMemberRoute, `/api/v1/organizations/${slug()}/teams/${teamId}/members/${memberId}`, { orgSlug: slug(), teamId, memberId }, { ...credentials, method: "DELETE" });
  const remove = (teamId: string, credentials: Credentials) =>
    callRoute(deleteTeamRoute, `/api/v1/organizations/${slug()}/teams/${teamId}`, { orgSlug: slug(), teamId }, { ...credentials, method: "DELETE" });
  const memberIdOf = async (userId: string, organizationId = world.ours.id) =>
    (await database.prisma.organizationMember.findFirstOrThrow({ where: { organizationId, userId } })).id;

  it("lists teams with members and projects; an admin creates a team, adds and removes a member, deletes it", async () => {
    const backend = (await teams()).find((t) => t.slug === "backend");
    expect(backend?.members.map((m) => m.email)).toEqual([world.member.email]);
    expect((await list(member)).status).toBe(200);

    const created = await create({ name: "Mobile Apps" }, admin);
    expect(created.status).toBe(201);
    const team = (await created.json()) as { id: string; slug: string };
    expect(team.slug).toBe("mobile-apps");
    expect((await create({ name: "Mobile Apps" }, admin)).status).toBe(409);

    const adminMember = await memberIdOf(world.admin.id);
    expect((await add(team.id, { memberId: adminMember }, admin)).status).toBe(201);
    expect((await add(team.slug, { memberId: adminMember }, admin)).status).toBe(200);
    expect((await teams()).find((t) => t.id === team.id)?.members.map((m) => m.memberId)).toEqual([adminMember]);
    expect((await takeOff(team.id, adminMember, admin)).status).toBe(204);
    expect((await teams()).find((t) => t.id === team.id)?.members).toEqual([]);

    const deleted = await remove(team.id, admin);
    expect(deleted.status).toBe(200);
    expect((await teams()).some((t) => t.id === team.id)).toBe(false);
    expect((await remove(team.id, admin)).status).toBe(404);
  });

  it("a member cannot create, change or delete teams (403); bad input and unknown ids are 4xx; another organization's member is 404", async () => {
    const backend = (await teams()).find((t) => t.slug === "backend")!;
    const adminMember = await memberIdOf(world.admin.id);
    const before = await database.prisma.teamMember.count();
    expect((await create({ name: "Sneaky" }, member)).status).toBe(403);
    expect((await add(backend.id, { memberId: adminMember }, member)).status).toBe(403);
    expect((await remove(backend.id, member)).status).toBe(403);
    expect((await create({ name: "" }, admin)).status).toBe(400);
    expect((await create({ name: "Ok", slug: "Not A Slug" }, admin)).status).toBe(400);
    expect((await create({ name: "a\u0000b" }, admin)).status).toBe(400);
    expect((await add(backend.id, {}, admin)).status).toBe(400);
    expect((await add("no-such-team", { memberId: adminMember }, admin)).status).toBe(404);
    expect((await add(backend.id, { memberId: "no-such-member" }, admin)).status).toBe(404);
    expect((await add(backend.id, { memberId: await memberIdOf(world.outsider.id, world.theirs.id) }, admin)).status).toBe(404);
    expect((await create({ name: "Theirs now" }, outsider)).status).toBe(404);
    expect(await database.prisma.teamMember.count()).toBe(before);
  });

  it("deleting a team unassigns its groups and keeps its projects and members", async () => {
    const team = (await (await create({ name: "Doomed" }, admin)).json()) as { id: string };
    await database.prisma.projectTeam.create({ data: { projectId: world.api.id, teamId: team.id } });
    const groupId = world.groups.timeout.id;
    await database.prisma.groupAssignee.update({ where: { groupId }, data: { teamId: team.id } });
    const jira = await linkExternalIssue(database.prisma, { organizationId: world.ours.id, groupId, config: { sync_forward_assignment: true }, key: "OPS-7" });
    const res = await remove(team.id, admin);
    expect(await res.json()).toMatchObject({ unassignedGroups: 1 });
    expect(await database.prisma.groupAssignee.count({ where: { groupId } })).toBe(0);
    // Unassigned as by the admin who deleted the team: activity, history and the tracker hear of it.
    const activity = await database.prisma.activity.findMany({ where: { groupId, type: "unassigned" } });
    expect(activity).toMatchObject([{ userId: world.admin.id, data: { source: { kind: "dashboard" } } }]);
    const history = await database.prisma.groupHistory.findMany({ where: { groupId, status: "unassigned" } });
    expect(history).toMatchObject([{ actorUserId: world.admin.id, source: "dashboard" }]);
    const outbound = await database.prisma.syncEvent.findMany({ where: { groupId, direction: "outbound" } });
    expect(outbound).toMatchObject([{ kind: "assignee", outcome: "pending", externalKey: "OPS-7", integrationId: jira.integration.id }]);
    expect(await database.prisma.project.count({ where: { id: world.api.id } })).toBe(1);
  });
});
