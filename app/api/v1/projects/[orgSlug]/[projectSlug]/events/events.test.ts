import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createMemberFixture, createOrganizationFixture, createProjectFixture, sessionCookieFor } from "@/lib/testing/fixtures";
import { POST } from "./route";

interface Ingested {
  accepted: number;
  duplicates: number;
  groups: { id: string; shortId: number; qualifiedShortId: string; eventId: string; created: boolean; regressed: boolean; duplicate: boolean }[];
}

const hex = () => randomBytes(16).toString("hex");

describe.each(await testDatabaseKinds())("POST /api/v1/projects/:org/:project/events on %s", (kind) => {
  let database: Database;
  let orgSlug: string;
  let projectSlug: string;
  let projectId: string;
  let token: string;
  let readOnlyToken: string;
  let foreignToken: string;
  let revokedToken: string;
  let memberCookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    const org = await createOrganizationFixture(db);
    const project = await createProjectFixture(db, org.id, { slug: "backend" });
    orgSlug = org.slug;
    projectSlug = project.slug;
    projectId = project.id;
    token = (await createApiToken(db, { organizationId: org.id, name: "sdk", scopes: ["events:write"] })).token;
    readOnlyToken = (await createApiToken(db, { organizationId: org.id, name: "ro", scopes: ["issues:read"] })).token;
    const revoked = await createApiToken(db, { organizationId: org.id, name: "old", scopes: ["events:write"] });
    await revokeApiToken(db, { organizationId: org.id, tokenId: revoked.id });
    revokedToken = revoked.token;
    const other = await createOrganizationFixture(db);
    await createProjectFixture(db, other.id, { slug: "backend" });
    foreignToken = (await createApiToken(db, { organizationId: other.id, name: "other", scopes: ["events:write"] })).token;
    memberCookie = await sessionCookieFor((await createMemberFixture(db, org.id)).id);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const send = (body: unknown, options: { headers?: Record<string, string>; project?: string; raw?: string } = {}) =>
    POST(
      new Request(`https://tether.test/api/v1/projects/${orgSlug}/${options.project ?? projectSlug}/events`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.headers ?? { authorization: `Bearer ${token}` }) },
        body: options.raw ?? JSON.stringify(body),
      }),
      { params: Promise.resolve({ orgSlug, projectSlug: options.project ?? projectSlug }) },
    );
  const ingest = async (body: unknown, headers?: Record<string, string>) => {
    const response = await send(body, { headers });
    expect(response.status).toBe(202);
    return (await response.json()) as Ingested;
  };
  const counts = async () => ({ events: await database.prisma.event.count(), groups: await database.prisma.group.count(), releases: await database.prisma.release.count() });

  it("creates a group for a single event", async () => {
    const eventId = hex();
    const timestamp = "2026-03-04T05:06:07.891+02:00";
    const user = { id: "u1", email: "a@example.com" };
    const frames = [{ filename: "app.js", function: "main", lineno: 3, inApp: true }];
    const body = await ingest({ eventId, exception: { type: "SingleError", value: "it broke" }, culprit: "app.js in main", level: "warning", tags: { browser: "firefox" }, timestamp, user, stacktrace: { frames }, environment: "prod" });
    expect(body.accepted).toBe(1);
    expect(body.groups).toEqual([{ id: expect.stringMatching(/^\S+$/), shortId: body.groups[0]?.shortId, qualifiedShortId: expect.stringMatching(/^BACKEND-/), eventId, created: true, regressed: false, duplicate: false }]);
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: body.groups[0].id }, include: { events: true, activities: true } });
    // The answer's short id is the stored group's.
    expect(body.groups[0]?.shortId).toBe(group.shortId);
    expect(group).toMatchObject({ title: "SingleError: it broke", culprit: "app.js in main", level: "warning", status: "unresolved", substatus: "new", timesSeen: 1, projectId });
    expect(group.events).toHaveLength(1);
    expect(group.events[0]).toMatchObject({ eventId, tags: { browser: "firefox" }, exceptionType: "SingleError", exceptionValue: "it broke", level: "warning", userTag: "id:u1", userData: user, frames, environment: "prod", releaseId: null, message: null });
    expect(group.events[0].timestamp.toISOString()).toBe("2026-03-04T03:06:07.891Z");
    expect(group.firstSeen.toISOString()).toBe("2026-03-04T03:06:07.891Z");
    expect(Math.abs(group.events[0].receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(group.activities.map((a) => a.type)).toEqual(["first_seen"]);
  });

  it("groups a batch of 1,000 events by fingerprint", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const types = ["BatchA", "BatchB", "BatchC", "BatchD", "BatchE"];
    const events = Array.from({ length: 1000 }, (_, i) => ({
      exception: { type: types[i % 5], value: `value ${i}` },
      culprit: "worker.js in run",
      timestamp: new Date(start + i * 1000).toISOString(),
      level: i === 995 ? "fatal" : "error",
    }));
    const before = await counts();
    const body = await ingest({ events });
    expect(body.accepted).toBe(1000);
    expect(body.groups).toHaveLength(1000);
    const ids = new Set(body.groups.map((g) => g.id));
    expect(ids.size).toBe(5);
    body.groups.forEach((entry, i) => expect(entry.id).toBe(body.groups[i % 5].id));
    const shortIds = new Set(body.groups.map((g) => g.shortId));
    expect(shortIds.size).toBe(5);
    const after = await counts();
    expect(after.events - before.events).toBe(1000);
    expect(after.groups - before.groups).toBe(5);
    for (let t = 0; t < 5; t++) {
      const group = await database.prisma.group.findUniqueOrThrow({ where: { id: body.groups[t].id } });
      expect(group.timesSeen).toBe(200);
      expect(group.firstSeen.getTime()).toBe(start + t * 1000);
      expect(group.lastSeen.getTime()).toBe(start + (995 + t) * 1000);
      expect(group.title).toBe(`${types[t]}: value ${t}`);
      // Event 995 is the latest of group A and the only fatal one.
      expect(group.level).toBe(t === 0 ? "fatal" : "error");
      expect(await database.prisma.event.count({ where: { groupId: group.id } })).toBe(200);
    }
    // A second batch adds to the same groups; the latest event sets the level.
    const more = await ingest([
      { exception: { type: "BatchA", value: "again" }, culprit: "worker.js in run", timestamp: new Date(start + 5_000_000).toISOString(), level: "warning" },
      { exception: { type: "BatchA", value: "early" }, culprit: "worker.js in run", timestamp: new Date(start - 5_000).toISOString(), level: "debug" },
    ]);
    expect(more.groups.map((g) => [g.id, g.created])).toEqual([[body.groups[0].id, false], [body.groups[0].id, false]]);
    const a = await database.prisma.group.findUniqueOrThrow({ where: { id: body.groups[0].id } });
    expect(a).toMatchObject({ timesSeen: 202, level: "warning" });
    expect(a.firstSeen.getTime()).toBe(start - 5_000);
    expect(a.lastSeen.getTime()).toBe(start + 5_000_000);
  });

  it("regresses a resolved group and leaves an ignored one ignored", async () => {
    const first = await ingest({ exception: { type: "RegressError" }, culprit: "pay.js" });
    const groupId = first.groups[0].id;
    const db = database.prisma;
    const organizationId = (await db.project.findUniqueOrThrow({ where: { id: projectId } })).organizationId;
    const integration = await db.integration.create({ data: { provider: "jira", externalId: `jira-${hex()}`, name: "Jira" } });
    await db.organizationIntegration.create({ data: { organizationId, integrationId: integration.id, config: { sync_status_forward: true } } });
    const issue = await db.externalIssue.create({ data: { organizationId, integrationId: integration.id, key: "APP-1" } });
    await db.groupLink.create({ data: { groupId, externalIssueId: issue.id } });
    const resolvedHistory = await database.prisma.groupHistory.create({ data: { groupId, status: "resolved", source: "dashboard" } });
    await database.prisma.group.update({ where: { id: groupId }, data: { status: "resolved", substatus: null, resolvedAt: new Date() } });
    const eventId = hex();
    const again = await ingest({ eventId, exception: { type: "RegressError", value: "back" }, culprit: "pay.js", release: "2.0.0" });
    expect(again.groups[0]).toMatchObject({ id: groupId, created: false, regressed: true });
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: groupId }, include: { activities: true, histories: true } });
    expect(group).toMatchObject({ status: "unresolved", substatus: "regressed", resolvedAt: null, timesSeen: 2 });
    expect(group.activities.find((a) => a.type === "set_regression")?.data).toEqual({ event_id: eventId, version: "2.0.0" });
    const regressed = group.histories.find((h) => h.status === "regressed");
    const release = await database.prisma.release.findUniqueOrThrow({ where: { projectId_version: { projectId, version: "2.0.0" } } });
    expect(regressed).toMatchObject({ previousId: resolvedHistory.id, releaseId: release.id });
    // The linked Jira issue is reopened through the outbox, like any other status change.
    expect(await db.syncEvent.findMany({ where: { groupId }, select: { direction: true, kind: true, outcome: true, externalKey: true } })).toEqual([
      { direction: "outbound", kind: "status", outcome: "pending", externalKey: "APP-1" },
    ]);
    // Already unresolved: a further event does not regress it again.
    const third = await ingest({ exception: { type: "RegressError" }, culprit: "pay.js" });
    expect(third.groups[0].regressed).toBe(false);
    expect(await database.prisma.activity.count({ where: { groupId, type: "set_regression" } })).toBe(1);

    const ignored = await ingest({ exception: { type: "IgnoredError" } });
    await database.prisma.group.update({ where: { id: ignored.groups[0].id }, data: { status: "ignored", substatus: "forever" } });
    const later = await ingest({ exception: { type: "IgnoredError" } });
    expect(later.groups[0].regressed).toBe(false);
    expect(await database.prisma.group.findUniqueOrThrow({ where: { id: ignored.groups[0].id } })).toMatchObject({ status: "ignored", substatus: "forever", timesSeen: 2 });
  });

  it("creates the release once and links events and new groups to it", async () => {
    const before = await counts();
    const body = await ingest({ events: [{ message: "release one", release: "1.0.0" }, { message: "release two", release: "1.0.0" }] });
    await ingest({ message: "release one", release: "1.0.0" });
    expect((await counts()).releases - before.releases).toBe(1);
    const release = await database.prisma.release.findUniqueOrThrow({ where: { projectId_version: { projectId, version: "1.0.0" } } });
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: body.groups[0].id }, include: { events: true } });
    expect(group.firstReleaseId).toBe(release.id);
    expect(group.events.every((e) => e.releaseId === release.id)).toBe(true);
  });

  it("does not count an event id twice", async () => {
    const eventId = hex();
    const event = { eventId, message: "idempotent message" };
    const first = await ingest({ events: [event, event] });
    expect(first).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(first.groups.map((g) => g.duplicate)).toEqual([false, true]);
    const second = await ingest({ ...event, eventId: eventId.toUpperCase() });
    expect(second.groups[0]).toMatchObject({ id: first.groups[0].id, duplicate: true, created: false });
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: first.groups[0].id } });
    expect(group.timesSeen).toBe(1);
    expect(await database.prisma.event.count({ where: { groupId: group.id } })).toBe(1);
  });

  it("ends with one group when two requests bring the same new fingerprint at once", async () => {
    const type = `RaceError${hex()}`;
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, i) => ingest({ events: [{ exception: { type } }, { exception: { type: `${type}${i}` } }, { exception: { type: "BatchA" }, culprit: "worker.js in run" }] })),
    );
    const groupIds = new Set(responses.map((r) => r.groups[0].id));
    expect(groupIds.size).toBe(1);
    expect(responses.filter((r) => r.groups[0].created)).toHaveLength(1);
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: [...groupIds][0] } });
    expect(group.timesSeen).toBe(4);
    const shortIds = await database.prisma.group.findMany({ where: { projectId }, select: { shortId: true } });
    expect(new Set(shortIds.map((g) => g.shortId)).size).toBe(shortIds.length);
    const project = await database.prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(project.nextShortId).toBe(Math.max(...shortIds.map((g) => g.shortId)) + 1);
  });

  it("assigns a new group to the owner its project's ownership rules name", async () => {
    const db = database.prisma;
    const team = await db.team.create({ data: { organizationId: (await db.project.findUniqueOrThrow({ where: { id: projectId } })).organizationId, slug: `payments-${hex().slice(0, 6)}`, name: "Payments" } });
    await db.projectTeam.create({ data: { projectId, teamId: team.id } });
    await db.ownershipRule.create({ data: { projectId, matcher: "path", pattern: "src/billing/**", owner: `team:${team.id}`, position: 0 } });
    try {
      const body = await ingest({ exception: { type: "BillingError", value: hex() }, stacktrace: { frames: [{ filename: "src/billing/invoice.ts", function: "charge", inApp: true }] } });
      expect((await db.groupAssignee.findUniqueOrThrow({ where: { groupId: body.groups[0].id } })).teamId).toBe(team.id);
      const other = await ingest({ exception: { type: "OtherError", value: hex() }, stacktrace: { frames: [{ filename: "src/web/app.ts", inApp: true }] } });
      expect(await db.groupAssignee.findUnique({ where: { groupId: other.groups[0].id } })).toBeNull();
    } finally {
      await db.ownershipRule.deleteMany({ where: { projectId } });
    }
  });

  it("answers 400 with field paths and writes nothing", async () => {
    const before = await counts();
    const response = await send({ events: [{ message: "fine", release: "9.9.9" }, { message: "fine" }, { message: "fine" }, { message: "bad", level: "loud" }, { level: "info" }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { fields: Record<string, string[]> } } };
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.details.fields).sort()).toEqual(["events.3.level", "events.4.message"]);
    expect(await counts()).toEqual(before);
    const nul = await send(null, { raw: '{"message": "a\\u0000b", "tags": {"k": "\\ud800"}}' });
    expect(nul.status).toBe(400);
    const tooMany = await send({ events: Array.from({ length: 1001 }, () => ({ message: "x" })) });
    expect(tooMany.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("answers 400 to malformed JSON and 413 to an oversized body", async () => {
    const malformed = await send(null, { raw: "{\"message\": " });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("malformed_json");
    const before = await counts();
    const huge = await send({ message: "x".repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    process.env.TETHER_MAX_EVENT_BODY_BYTES = "200";
    try {
      expect((await send({ message: "x".repeat(300) })).status).toBe(413);
      expect((await send({ message: "small enough" })).status).toBe(202);
    } finally {
      delete process.env.TETHER_MAX_EVENT_BODY_BYTES;
    }
    expect((await counts()).events).toBe(before.events + 1);
  });

  it("checks who is calling", async () => {
    expect((await send({ message: "m" }, { headers: {} })).status).toBe(401);
    expect((await send({ message: "m" }, { headers: { authorization: `Bearer ${revokedToken}` } })).status).toBe(401);
    expect((await send({ message: "m" }, { headers: { authorization: `Bearer ${readOnlyToken}` } })).status).toBe(403);
    const foreign = await send({ message: "m" }, { headers: { authorization: `Bearer ${foreignToken}` } });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toBe("Organization not found");
    const unknown = await send({ message: "m" }, { project: "nope" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe("Project not found");
    const viaSession = await ingest({ message: "sent from the browser session" }, { cookie: memberCookie, origin: "https://tether.test" });
    expect(viaSession.accepted).toBe(1);
  });
});
