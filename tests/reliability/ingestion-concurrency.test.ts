// Defect 17: during a deploy, concurrent batches bring new release versions and new fingerprints
// at once. Inserting a Release takes a key-share lock on the Project row (foreign key); creating
// groups then locked the Project row FOR UPDATE, which conflicts with every other batch's
// key-share lock: the batches deadlocked and every request answered 500.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "@/app/api/v1/projects/[orgSlug]/[projectSlug]/events/route";
import { createApiToken } from "@/lib/auth/tokens";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, postgresReachable } from "@/lib/testing/db";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";

const BATCHES = 16;
const ROUNDS = 3;
const NEW_FINGERPRINTS_PER_BATCH = 8;

interface Ingested {
  accepted: number;
  groups: { id: string; shortId: number; created: boolean }[];
}

describe.skipIf(!(await postgresReachable()))("ingestion concurrency on postgres", () => {
  let database: Database;
  let orgSlug: string;
  let projectSlug: string;
  let projectId: string;
  let token: string;
  const poolBefore = process.env.DATABASE_POOL_MAX;

  beforeAll(async () => {
    // One connection per concurrent batch, as many instances or a large pool would give.
    process.env.DATABASE_POOL_MAX = String(BATCHES + 4);
    database = await createTestDatabase("postgres");
    setDatabase(database);
    const org = await createOrganizationFixture(database.prisma);
    const project = await createProjectFixture(database.prisma, org.id, { slug: "deploying" });
    orgSlug = org.slug;
    projectSlug = project.slug;
    projectId = project.id;
    token = (await createApiToken(database.prisma, { organizationId: org.id, name: "sdk", scopes: ["events:write"] })).token;
  });
  afterAll(async () => {
    if (poolBefore === undefined) delete process.env.DATABASE_POOL_MAX;
    else process.env.DATABASE_POOL_MAX = poolBefore;
    setDatabase(undefined);
    await database?.close();
  });

  const post = async (events: unknown[]): Promise<{ status: number; body: unknown }> => {
    const request = new Request(`https://tether.test/api/v1/projects/${orgSlug}/${projectSlug}/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    const response = await ingestRoute(request, { params: Promise.resolve({ orgSlug, projectSlug }) });
    return { status: response.status, body: await response.json() };
  };

  /** A batch of a deploy: its own new release and one every batch shares, new fingerprints of its own and shared ones. */
  const batch = (round: number, index: number) => {
    const events: unknown[] = [];
    for (let f = 0; f < NEW_FINGERPRINTS_PER_BATCH; f++) {
      events.push({ message: `round ${round} batch ${index} error ${f}`, fingerprint: [`r${round}-b${index}-f${f}`], release: `2.${round}.${index}` });
    }
    events.push({ message: "shared", fingerprint: [`r${round}-shared-${index % 3}`], release: `2.${round}.0-shared` });
    return events.map((event) => ({ ...(event as object), eventId: randomBytes(16).toString("hex") }));
  };

  it(
    "defect 17: concurrent batches with new releases and new fingerprints all succeed, nothing deadlocks",
    async () => {
      let sent = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const batches = Array.from({ length: BATCHES }, (_, index) => batch(round, index));
        sent += batches.reduce((sum, events) => sum + events.length, 0);
        const answers = await Promise.all(batches.map((events) => post(events)));
        const failed = answers.filter((answer) => answer.status !== 202);
        expect(failed.map((answer) => `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`), `round ${round}`).toEqual([]);
        for (const [index, answer] of answers.entries()) expect((answer.body as Ingested).accepted, `round ${round} batch ${index}`).toBe(batches[index].length);
      }

      const db = database.prisma;
      expect(await db.event.count({ where: { group: { projectId } } })).toBe(sent);
      const groups = await db.group.findMany({ where: { projectId }, select: { shortId: true, timesSeen: true, _count: { select: { events: true } } } });
      expect(groups).toHaveLength(ROUNDS * (BATCHES * NEW_FINGERPRINTS_PER_BATCH + 3));
      expect(new Set(groups.map((group) => group.shortId)).size).toBe(groups.length);
      expect(groups.every((group) => group.timesSeen === group._count.events)).toBe(true);
      const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { nextShortId: true } });
      expect(project.nextShortId).toBe(groups.length + 1);
      expect(await db.release.count({ where: { projectId } })).toBe(ROUNDS * (BATCHES + 1));
    },
    60_000,
  );
});
