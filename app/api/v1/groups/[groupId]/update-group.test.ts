import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/tokens";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject, createRelease, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { PUT as bulkUpdateGroupsHandler } from "@/app/api/v1/organizations/[orgSlug]/groups/route";
import { POST as retrySyncEventHandler } from "@/app/api/v1/organizations/[orgSlug]/sync-events/[syncEventId]/retry/route";
import { GET as groupActivityHandler } from "./activity/route";
import { PUT as updateGroupHandler } from "./route";

// Next.js hands route handlers a NextRequest; a plain Request with a body and a session cookie
// trips authenticateRequest (it re-wraps the request and locks the body stream).
describe.each(await testDatabaseKinds())("PUT /api/v1/groups/{id} on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  async function world() {
    const db = database.prisma;
    const w = await createOrganizationWithProject(db, { members: 2 });
    const group = await createGroup(db, w.project.id);
    const cookie = `next-auth.session-token=${await encode({ token: { sub: w.users[0].id }, secret: process.env.NEXTAUTH_SECRET ?? "" })}`;
    const writeToken = (await createApiToken(db, { organizationId: w.organization.id, name: "ci", scopes: ["issues:write"], createdById: w.users[1].id })).token;
    const readToken = (await createApiToken(db, { organizationId: w.organization.id, name: "ro", scopes: ["issues:read"] })).token;
    return { db, ...w, group, cookie, writeToken, readToken };
  }

  function put(groupId: string, body: unknown, auth: { cookie?: string; token?: string }) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    // A browser session's PUT carries its origin (cross-site requests are refused).
    if (auth.cookie) Object.assign(headers, { cookie: auth.cookie, origin: "http://localhost" });
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    return updateGroupHandler(new NextRequest(`http://localhost/api/v1/groups/${groupId}`, { method: "PUT", headers, body: JSON.stringify(body) }), {
      params: Promise.resolve({ groupId }),
    });
  }

  it("assigns through a session as a dashboard change, and deassigns with null", async () => {
    const { db, group, users, cookie } = await world();
    const res = await put(group.id, { assignedTo: `user:${users[1].id}` }, { cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: group.id, changed: true, assignedTo: { type: "user", id: users[1].id, email: users[1].email } });
    const activity = await db.activity.findFirstOrThrow({ where: { groupId: group.id } });
    expect(activity).toMatchObject({ type: "assigned", userId: users[0].id, data: { source: { kind: "dashboard" } } });
    expect(await db.groupSubscription.findMany({ where: { groupId: group.id }, select: { userId: true, reason: true } })).toEqual([
      { userId: users[1].id, reason: "assigned" },
    ]);
    expect(await db.groupHistory.findFirstOrThrow({ where: { groupId: group.id } })).toMatchObject({ status: "assigned", source: "dashboard" });
    const again = await put(group.id, { assignedTo: `user:${users[1].id}` }, { cookie });
    expect(await again.json()).toMatchObject({ changed: false });
    const cleared = await put(group.id, { assignedTo: null }, { cookie });
    expect(await cleared.json()).toMatchObject({ changed: true, assignedTo: null });
    expect((await db.activity.findMany({ where: { groupId: group.id }, orderBy: { createdAt: "asc" } })).map((a) => a.type)).toEqual(["assigned", "unassigned"]);
    expect(await db.groupSubscription.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("resolves in the next release with an issues:write token as an api change", async () => {
    const { db, project, group, users, writeToken } = await world();
    await createRelease(db, project.id, "2.0.0");
    const res = await put(group.id, { status: "resolved", statusDetails: { inNextRelease: true } }, { token: writeToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "resolved", substatus: null, statusDetails: { inNextRelease: true } });
    expect(await db.activity.findFirstOrThrow({ where: { groupId: group.id } })).toMatchObject({
      type: "set_resolved_in_release",
      userId: users[1].id,
      data: { source: { kind: "api" } },
    });
  });

  it("archives, assigns a team and reopens in the Sentry shapes", async () => {
    const { group, team, cookie } = await world();
    const archived = await put(group.id, { status: "ignored", substatus: "archived_until_condition_met", statusDetails: { ignoreCount: 50, ignoreWindow: 60 } }, { cookie });
    expect(await archived.json()).toMatchObject({ status: "ignored", substatus: "until_condition_met", statusDetails: { ignoreCount: 50, ignoreWindow: 60 } });
    const both = await put(group.id, { status: "unresolved", substatus: "ongoing", assignedTo: `team:${team.id}` }, { cookie });
    expect(await both.json()).toMatchObject({ status: "unresolved", substatus: "ongoing", assignedTo: { type: "team", id: team.id, name: "#core" } });
  });

  it.each([
    [{}, "Nothing to update"],
    [{ status: "resolved", statusDetails: { inNextRelease: true, inRelease: "1.0" } }, "Choose one of"],
    [{ status: "resolved", statusDetails: { ignoreCount: 5 } }, "cannot be used with status resolved"],
    [{ status: "ignored", substatus: "archived_forever", statusDetails: { ignoreDuration: 30 } }, "does not match"],
    [{ status: "ignored", statusDetails: { ignoreDuration: 30, ignoreCount: 3 } }, "one condition"],
    [{ status: "unresolved", substatus: "archived_forever" }, "cannot be set to"],
    [{ statusDetails: { inNextRelease: true } }, "need a status"],
    [{ assignedTo: "alice" }, "Invalid request"],
    [{ status: "closed" }, "Invalid request"],
    [{ status: "resolved", statusDetails: { inNextRelease: true } }, "no release yet"],
  ])("answers 400 for %j and writes nothing", async (body, message) => {
    const { db, group, cookie } = await world();
    const res = await put(group.id, body, { cookie });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    expect(await db.activity.count({ where: { groupId: group.id } })).toBe(0);
    expect(await db.group.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "unresolved" });
  });

  it("answers 400 for a user off the project's teams, 404 for foreign users, groups and tokens, 403 without issues:write", async () => {
    const { db, organization, group, cookie, readToken } = await world();
    const outsider = await createMember(db, organization.id);
    const refused = await put(group.id, { assignedTo: `user:${outsider.id}` }, { cookie });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("not a member of a team");
    const other = await world();
    expect((await put(group.id, { assignedTo: `user:${other.users[0].id}` }, { cookie })).status).toBe(404);
    expect((await put(other.group.id, { status: "resolved" }, { cookie })).status).toBe(404);
    expect((await put(group.id, { status: "resolved" }, { token: other.writeToken })).status).toBe(404);
    expect((await put("missing", { status: "resolved" }, { cookie })).status).toBe(404);
    expect((await put(group.id, { status: "resolved" }, { token: readToken })).status).toBe(403);
    expect((await put(group.id, { status: "resolved" }, {})).status).toBe(401);
    expect(await db.activity.count({ where: { groupId: { in: [group.id, other.group.id] } } })).toBe(0);
  });

  it("bulk-updates ?id=…&id=…, 404 for any foreign id before writing", async () => {
    const { db, organization, project, group, cookie } = await world();
    const second = await createGroup(db, project.id);
    const other = await world();
    const bulk = (ids: string[], body: unknown) =>
      bulkUpdateGroupsHandler(
        new NextRequest(`http://localhost/api/v1/organizations/${organization.slug}/groups?${ids.map((id) => `id=${id}`).join("&")}`, {
          method: "PUT",
          headers: { "content-type": "application/json", cookie, origin: "http://localhost" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ orgSlug: organization.slug }) },
      );
    const foreign = await bulk([group.id, other.group.id], { status: "resolved" });
    expect(foreign.status).toBe(404);
    expect(await db.group.count({ where: { id: group.id, status: "resolved" } })).toBe(0);
    expect((await bulk([], { status: "resolved" })).status).toBe(400);
    const res = await bulk([group.id, second.id], { status: "ignored", statusDetails: { ignoreUntilEscalating: true } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [
        { id: group.id, ok: true, changed: true },
        { id: second.id, ok: true, changed: true },
      ],
    });
    expect(await db.group.count({ where: { id: { in: [group.id, second.id] }, substatus: "until_escalating" } })).toBe(2);
  });

  it("shows the group's activity, history and sync history, and retries a failed sync", async () => {
    const { db, organization, group, users, cookie } = await world();
    const { integration } = await linkExternalIssue(db, { organizationId: organization.id, groupId: group.id, config: { sync_forward_assignment: true } });
    await put(group.id, { assignedTo: `user:${users[0].id}` }, { cookie });
    const failed = await db.syncEvent.create({
      data: {
        organizationId: organization.id,
        integrationId: integration.id,
        provider: "jira",
        direction: "outbound",
        kind: "assignee",
        outcome: "failed",
        groupId: group.id,
        error: "provider answered 500",
        payload: { externalIssueId: (await db.groupLink.findFirstOrThrow({ where: { groupId: group.id } })).externalIssueId },
      },
    });
    const retry = await retrySyncEventHandler(
      new NextRequest(`http://localhost/api/v1/organizations/${organization.slug}/sync-events/${failed.id}/retry`, { method: "POST", headers: { cookie, origin: "http://localhost" } }),
      { params: Promise.resolve({ orgSlug: organization.slug, syncEventId: failed.id }) },
    );
    expect(retry.status).toBe(202);
    const res = await groupActivityHandler(new NextRequest(`http://localhost/api/v1/groups/${group.id}/activity?limit=10`, { headers: { cookie } }), {
      params: Promise.resolve({ groupId: group.id }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activity: { type: string }[]; history: { status: string }[]; syncEvents: { items: { outcome: string; reason: string | null }[] } };
    expect(body.activity.map((a) => a.type)).toEqual(["assigned"]);
    expect(body.history.map((h) => h.status)).toEqual(["assigned"]);
    expect(body.syncEvents.items.map((s) => [s.outcome, s.reason])).toEqual([
      ["pending", `retry of ${failed.id}`],
      ["failed", null],
      ["pending", "queued"],
    ]);
    const other = await world();
    const hidden = await groupActivityHandler(new NextRequest(`http://localhost/api/v1/groups/${group.id}/activity`, { headers: { cookie: other.cookie } }), {
      params: Promise.resolve({ groupId: group.id }),
    });
    expect(hidden.status).toBe(404);
  });
});
