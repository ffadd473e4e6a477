// Two Tether instances — two `next start` servers of one production build, each with its own
// job-queue workers — on one PostgreSQL database, as a scaled-out deployment runs them behind a
// load balancer. The background work that must run once is the outbound queue (including the sweep
// of pending outbox rows that every instance makes when it starts) and the scheduled jobs, which
// pg-boss files once per tick for all instances. See tests/reliability/README.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { hashPassword } from "@/lib/auth/passwords";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, postgresReachable } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { ensureProductionBuild, startInstance, type Instance } from "./support/instances";
import { reliabilityPort } from "./support/ports";

const PASSWORD = "two-instances-password";
const SWEPT_AT_START = 20;
const ASSIGNED_LIVE = 6;

interface World {
  database: Database;
  jira: FakeJira;
  a: Instance;
  b: Instance;
  orgSlug: string;
  ownerEmail: string;
  aliceId: string;
  integrationId: string;
  /** Groups whose assignee change was pending in the outbox before either instance started. */
  sweptGroups: { groupId: string; key: string }[];
  /** Groups assigned through the API during the test. */
  liveGroups: { groupId: string; key: string }[];
  token: { id: string; token: string };
}

/** Signs in through next-auth's credentials flow on one instance; returns the session cookie. */
async function signIn(instance: Instance, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${instance.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await fetch(`${instance.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: instance.url },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: `${instance.url}/` }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in on ${instance.name} gave no session cookie (${response.status})`);
  return session.split(";")[0];
}

function call(instance: Instance, cookie: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${instance.url}${path}`, {
    method,
    headers: { cookie, origin: instance.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const assigneePuts = (jira: FakeJira, key: string) => jira.requests.filter((r) => r.method === "PUT" && r.path === `/rest/api/2/issue/${key}/assignee`).length;

/** Every assignee PUT Jira got and every outbound sync row, per issue: shows a duplicate apart from a retry. */
async function deliveries(world: World, keys: string[]): Promise<string> {
  const rows = await world.database.prisma.syncEvent.findMany({
    where: { externalKey: { in: keys }, direction: "outbound" },
    select: { externalKey: true, outcome: true, jobId: true, attempt: true, reason: true },
    orderBy: { createdAt: "asc" },
  });
  const puts = world.jira.requests.filter((r) => r.method === "PUT" && keys.some((key) => r.path === `/rest/api/2/issue/${key}/assignee`));
  return JSON.stringify({ puts: puts.map((r) => ({ path: r.path, authorized: r.authorized })), syncEvents: rows }, null, 1);
}

const postgres = await postgresReachable();

describe.skipIf(!postgres)("two instances on one PostgreSQL database", () => {
  let world: World;

  beforeAll(async () => {
    ensureProductionBuild();
    const database = await createTestDatabase("postgres");
    const db = database.prisma;
    const jira = await new FakeJira().start(await reliabilityPort(40));
    jira.sharedSecret = "two-instances-shared-secret";

    const { organization, project, team, users } = await createOrganizationWithProject(db, { members: 1 });
    const owner = users[0];
    await db.organizationMember.update({ where: { organizationId_userId: { organizationId: organization.id, userId: owner.id } }, data: { role: "owner" } });
    await db.user.update({ where: { id: owner.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    // alice@example.com is a user of the fake Jira site too: assigning her is pushed to Jira.
    const alice = await createMember(db, organization.id, { email: "alice@example.com", teamId: team.id });
    const integration = await db.integration.create({
      data: { provider: "jira", externalId: jira.clientKey, name: "Two-instance Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
    });
    const linkGroup = async () => {
      const group = await createGroup(db, project.id);
      const issue = jira.addIssue();
      await linkExternalIssue(db, { organizationId: organization.id, groupId: group.id, integrationId: integration.id, key: issue.key, config: { sync_forward_assignment: true } });
      return { groupId: group.id, key: issue.key };
    };

    // Assignee changes committed while no instance ran: their outbox rows are still pending.
    const sweptGroups = [];
    for (let i = 0; i < SWEPT_AT_START; i++) {
      const linked = await linkGroup();
      const externalIssue = await db.externalIssue.findFirstOrThrow({ where: { key: linked.key, integrationId: integration.id } });
      await db.groupAssignee.create({ data: { groupId: linked.groupId, projectId: project.id, userId: alice.id } });
      await db.syncEvent.create({
        data: {
          organizationId: organization.id, integrationId: integration.id, provider: "jira", direction: "outbound", kind: "assignee",
          groupId: linked.groupId, externalKey: linked.key, outcome: "pending", reason: "queued", attempt: 0,
          payload: { externalIssueId: externalIssue.id, source: { kind: "user", userId: owner.id } },
        },
      });
      sweptGroups.push(linked);
    }
    const liveGroups = [];
    for (let i = 0; i < ASSIGNED_LIVE; i++) liveGroups.push(await linkGroup());
    const token = await createApiToken(db, { organizationId: organization.id, name: "two instances", scopes: ["issues:read"], createdById: owner.id });

    const env = { DATABASE_URL: (database.config as { url: string }).url, TETHER_WORKERS: "1" };
    const [portA, portB] = [await reliabilityPort(41), await reliabilityPort(42)];
    // Started together, so both sweep the same pending rows at the same time.
    const [a, b] = await Promise.all([startInstance("instance-a", portA, env), startInstance("instance-b", portB, env)]);
    world = { database, jira, a, b, orgSlug: organization.slug, ownerEmail: owner.email, aliceId: alice.id, integrationId: integration.id, sweptGroups, liveGroups, token: { id: token.id, token: token.token } };
  }, 900_000);

  afterAll(async () => {
    await Promise.all([world?.a.stop(), world?.b.stop()]);
    await world?.jira.stop();
    await world?.database.close();
  });

  it("both instances are healthy on the same database", async () => {
    for (const instance of [world.a, world.b]) {
      const response = await fetch(`${instance.url}/api/health`);
      expect(response.status, instance.name).toBe(200);
    }
  });

  it("a session cookie minted by one instance is valid on the other", async () => {
    const cookie = await signIn(world.a, world.ownerEmail, PASSWORD);
    for (const instance of [world.b, world.a]) {
      const response = await call(instance, cookie, "GET", `/api/v1/organizations/${world.orgSlug}/groups?status=all`);
      expect(response.status, instance.name).toBe(200);
    }
    const fromB = await signIn(world.b, world.ownerEmail, PASSWORD);
    expect((await call(world.a, fromB, "GET", `/api/v1/organizations/${world.orgSlug}/projects`)).status).toBe(200);
  });

  it("outbox rows pending at start are sent once, though both instances sweep them", async () => {
    for (const { key } of world.sweptGroups) await eventually(`the assignee of ${key} in Jira`, async () => (assigneePuts(world.jira, key) > 0 ? true : null));
    // Longer than both instances' polling interval, so a duplicate would have been sent by now.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const sent = Object.fromEntries(world.sweptGroups.map(({ key }) => [key, assigneePuts(world.jira, key)]));
    expect(sent, await deliveries(world, world.sweptGroups.map((g) => g.key))).toEqual(Object.fromEntries(world.sweptGroups.map(({ key }) => [key, 1])));
  });

  it("each outbound job is sent once when changes arrive through both instances", async () => {
    const cookie = await signIn(world.a, world.ownerEmail, PASSWORD);
    await Promise.all(
      world.liveGroups.map(async ({ groupId }, index) => {
        const instance = index % 2 === 0 ? world.a : world.b;
        const response = await call(instance, cookie, "PUT", `/api/v1/groups/${groupId}`, { assignedTo: `user:${world.aliceId}` });
        expect(response.status, `${instance.name}: ${await response.clone().text()}`).toBe(200);
      }),
    );
    for (const { key } of world.liveGroups) await eventually(`the assignee of ${key} in Jira`, async () => (assigneePuts(world.jira, key) > 0 ? true : null));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const sent = Object.fromEntries(world.liveGroups.map(({ key }) => [key, assigneePuts(world.jira, key)]));
    expect(sent, await deliveries(world, world.liveGroups.map((g) => g.key))).toEqual(Object.fromEntries(world.liveGroups.map(({ key }) => [key, 1])));
    for (const { key } of world.liveGroups) expect(world.jira.issues.get(key)?.assigneeAccountId).toBe("acc-alice");
    const open = await world.database.prisma.syncEvent.count({ where: { groupId: { in: world.liveGroups.map((g) => g.groupId) }, outcome: { in: ["pending", "retrying"] } } });
    expect(open).toBe(0);
  });

  it("scheduled work runs on one instance at a time: one outbound sweep job per tick, worked once", async () => {
    const sweepJobs = () =>
      world.database.prisma.$queryRawUnsafe<{ state: string; minute: string; retries: number }[]>(
        `SELECT state::text AS state, date_trunc('minute', created_on)::text AS minute, retry_count AS retries FROM pgboss.job WHERE name = 'outbound-sync-sweep'`,
      );
    // Both instances run pg-boss's cron pass as they start; the job of the current tick is worked within a polling interval.
    await eventually("a scheduled outbound sweep worked", async () => ((await sweepJobs()).some((job) => job.state === "completed") ? true : null));
    const jobs = await sweepJobs();
    expect(jobs, JSON.stringify(jobs)).toHaveLength(new Set(jobs.map((job) => job.minute)).size);
    expect(jobs.every((job) => job.retries === 0)).toBe(true);
    const schedules = await world.database.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pgboss.schedule ORDER BY name`);
    expect(schedules.map((schedule) => schedule.name)).toEqual(["metric-alert-evaluation", "outbound-sync-sweep", "sign-in-throttle-cleanup"]);
  });

  it("a change made through one instance is seen by the other at once", async () => {
    const cookie = await signIn(world.a, world.ownerEmail, PASSWORD);
    const [{ groupId }] = world.liveGroups;
    // Read on B first, so anything B caches holds the old state.
    expect((await call(world.b, cookie, "GET", `/api/v1/groups/${groupId}`)).status).toBe(200);
    expect((await call(world.a, cookie, "PUT", `/api/v1/groups/${groupId}`, { assignedTo: null, status: "resolved" })).status).toBe(200);
    const detail = (await (await call(world.b, cookie, "GET", `/api/v1/groups/${groupId}`)).json()) as { status: string; assignedTo: unknown };
    expect(detail.status).toBe("resolved");
    expect(detail.assignedTo ?? null).toBeNull();

    const settingsPath = `/api/v1/organizations/${world.orgSlug}/integrations/${world.integrationId}`;
    expect((await call(world.b, cookie, "GET", settingsPath)).status).toBe(200);
    expect((await call(world.a, cookie, "PUT", settingsPath, { sync_comments: true, resolution_strategy: "resolve_next_release" })).status).toBe(200);
    const settings = JSON.stringify(await (await call(world.b, cookie, "GET", settingsPath)).json());
    expect(settings).toContain("resolve_next_release");

    const bearer = (instance: Instance) => fetch(`${instance.url}/api/v1/organizations/${world.orgSlug}/projects`, { headers: { authorization: `Bearer ${world.token.token}` } });
    expect((await bearer(world.b)).status).toBe(200);
    expect((await call(world.a, cookie, "DELETE", `/api/v1/organizations/${world.orgSlug}/api-tokens/${world.token.id}`)).status).toBe(204);
    expect((await bearer(world.b)).status).toBe(401);
  });

  it("a user deactivated in the database is refused by both instances at once", async () => {
    const cookie = await signIn(world.b, world.ownerEmail, PASSWORD);
    const user = await world.database.prisma.user.findUniqueOrThrow({ where: { email: world.ownerEmail } });
    await world.database.prisma.user.update({ where: { id: user.id }, data: { isActive: false } });
    for (const instance of [world.a, world.b]) {
      expect((await call(instance, cookie, "GET", `/api/v1/organizations/${world.orgSlug}/groups`)).status, instance.name).toBe(401);
    }
  });
});
