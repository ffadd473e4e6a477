// Issue 13: how many SQL statements a batch of 100 events costs through the JSON ingestion route,
// counted at the driver adapter (BEGIN/COMMIT included). Batches of known groups are what a
// running project mostly sends; a batch that creates its groups is counted beside it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/tokens";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { countQueries, type QueryCounter } from "@/lib/testing/query-counter";
import { POST } from "./route";

/** A warm batch of known groups; see the log line for the statements themselves. */
const STATEMENTS_PER_KNOWN_BATCH = 9;
/** A batch that creates all of its groups (and releases). */
const STATEMENTS_PER_NEW_BATCH = 13;

function batchBody(prefix: string, size: number): string {
  const events = Array.from({ length: size }, (_, i) => ({
    eventId: randomBytes(16).toString("hex"),
    exception: { type: `${prefix}Error${i % 8}`, value: `failed on item ${i}` },
    level: i % 10 === 0 ? "warning" : "error",
    release: `${prefix}-1.0.${i % 3}`,
    environment: "production",
    tags: { region: i % 2 ? "eu" : "us" },
    user: { id: `user-${i % 17}` },
  }));
  return JSON.stringify({ events });
}

describe.each(await testDatabaseKinds())("statements per ingested batch on %s", (kind) => {
  let database: Database;
  let counter: QueryCounter;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    counter = countQueries(database);
    setDatabase(counter.database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await counter.database.close();
    await database.close();
  });

  it("a batch of 100 events costs a bounded number of statements", async () => {
    const db = database.prisma;
    const org = await createOrganizationFixture(db);
    const project = await createProjectFixture(db, org.id, { slug: "count" });
    const { token } = await createApiToken(db, { organizationId: org.id, name: "count", scopes: ["events:write"] });
    const url = `https://tether.test/api/v1/projects/${org.slug}/${project.slug}/events`;
    const send = async (body: string) => {
      counter.reset();
      const response = await POST(new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }), {
        params: Promise.resolve({ orgSlug: org.slug, projectSlug: project.slug }),
      });
      expect(response.status).toBe(202);
      return [...counter.statements];
    };
    const show = (statements: string[]) => statements.map((sql) => sql.replace(/\s+/g, " ").trim().slice(0, 100)).join("\n  ");

    // The first request warms what a running server keeps (token and project lookups' caches).
    await send(batchBody("warm", 100));
    const created = await send(batchBody("new", 100));
    const known = [await send(batchBody("new", 100)), await send(batchBody("new", 100))];
    expect(await db.group.count({ where: { projectId: project.id } })).toBe(16);
    expect(await db.event.count({ where: { projectId: project.id } })).toBe(400);
    console.info(`[${kind}] statements per batch of 100: creating 8 groups ${created.length}, known groups ${known.map((s) => s.length).join("/")}\n  new:\n  ${show(created)}\n  known:\n  ${show(known[1])}`);
    expect(created.length).toBeLessThanOrEqual(STATEMENTS_PER_NEW_BATCH);
    for (const statements of known) expect(statements.length).toBeLessThanOrEqual(STATEMENTS_PER_KNOWN_BATCH);
  });
});
