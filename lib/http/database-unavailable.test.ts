import pg from "pg";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { createApiToken } from "@/lib/auth/tokens";
import { createTestDatabase, postgresAdminUrl, postgresReachable } from "@/lib/testing/db";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { POST as ingest } from "@/app/api/v1/projects/[orgSlug]/[projectSlug]/events/route";
import { POST as jiraIssueUpdated } from "@/app/api/jira/issue-updated/route";
import { GET as health } from "@/app/api/health/route";

// A real PostgreSQL that goes away: backends terminated mid-request, then a server nobody listens on.
const UNREACHABLE = "postgresql://postgres@127.0.0.1:1/tether";

describe.skipIf(!(await postgresReachable()))("defect 14: a database outage answers 503 with Retry-After", () => {
  let database: Database;
  let token: string;
  let orgSlug: string;
  const projectSlug = "backend";
  let admin: pg.Client;
  let databaseName: string;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const org = await createOrganizationFixture(database.prisma);
    await createProjectFixture(database.prisma, org.id, { slug: projectSlug });
    orgSlug = org.slug;
    token = (await createApiToken(database.prisma, { organizationId: org.id, name: "sdk", scopes: ["events:write"] })).token;
    databaseName = new URL(database.config.kind === "postgres" ? database.config.url : "").pathname.slice(1);
    admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    setDatabase(undefined);
    await admin.end();
    await database.close();
  });

  const send = (eventId: string) =>
    ingest(
      new Request(`https://tether.test/api/v1/projects/${orgSlug}/${projectSlug}/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ eventId, message: "outage test" }),
      }),
      { params: Promise.resolve({ orgSlug, projectSlug }) },
    );

  async function expectUnavailable(response: Response): Promise<void> {
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ error: { code: "database_unavailable", message: expect.stringMatching(/\S/) } });
  }

  it("defect 14: a request whose backend is terminated mid-query answers 503, and the next one succeeds without a restart", async () => {
    setDatabase(database);
    expect((await send("a".repeat(32))).status).toBe(202);

    // Hold the organization table so the request's backend waits in a query, then terminate it.
    const locker = new pg.Client({ connectionString: database.config.kind === "postgres" ? database.config.url : "" });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE "Organization" IN ACCESS EXCLUSIVE MODE`);
    const { rows: lockerRows } = await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const pending = send("b".repeat(32));
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ waiting: number }>(
        "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        [databaseName],
      );
      if (rows[0].waiting > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2", [databaseName, lockerRows[0].pid]);
    await locker.query("COMMIT");
    await locker.end();
    await expectUnavailable(await pending);

    const again = await send("c".repeat(32));
    expect(again.status).toBe(202);
    expect(await database.prisma.event.count({ where: { eventId: { in: ["a".repeat(32), "c".repeat(32)] } } })).toBe(2);
    expect(await database.prisma.event.count({ where: { eventId: "b".repeat(32) } })).toBe(0);
  });

  it("defect 14: an unreachable server answers 503 on the API and on Jira webhooks, and health gives the reason", async () => {
    const unreachable = await openDatabase({ kind: "postgres", url: UNREACHABLE });
    setDatabase(unreachable);
    try {
      await expectUnavailable(await send("d".repeat(32)));

      const jwt = await new SignJWT({ qsh: "x" }).setProtectedHeader({ alg: "HS256" }).setIssuer("jira-site").setExpirationTime("3m").sign(new TextEncoder().encode("secret"));
      const webhook = await jiraIssueUpdated(
        new Request("https://tether.test/api/jira/issue-updated", { method: "POST", headers: { authorization: `JWT ${jwt}`, "content-type": "application/json" }, body: "{}" }),
        { params: Promise.resolve({}) },
      );
      await expectUnavailable(webhook);

      const report = await health();
      expect(report.status).toBe(503);
      const body = (await report.json()) as { reason: string };
      expect(body.reason).toContain("Can't reach database server at 127.0.0.1:1");
    } finally {
      await unreachable.close();
    }
  });
});
