import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import type { IngestionKey } from "@/lib/domain/projects/find-active-key-for-ingestion";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { consumeKeyRate, refundKeyRate } from "./key-rate-limit";

describe.each(await testDatabaseKinds())("key rate limit on %s", (kind) => {
  let database: Database;
  let key: IngestionKey;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const db = database.prisma;
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    const created = await createProjectKey(db, { organizationId: organization.id, project: project.slug, rateLimitPerMinute: 5 });
    key = { keyId: created.key.id, projectId: project.id, projectSlug: project.slug, organizationId: organization.id, rateLimitPerMinute: 5 };
  });
  afterAll(async () => {
    await database?.close();
  });

  const count = async () => (await database.prisma.projectKeyRateWindow.findUniqueOrThrow({ where: { keyId: key.keyId } })).count;
  const refusal = async (events: number) => {
    try {
      await consumeKeyRate(database.prisma, key, events);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error("expected 429");
  };

  it("gives back the events of a failed ingest, never below 0, and only in the window that counted them", async () => {
    await consumeKeyRate(database.prisma, key, 4);
    expect(await count()).toBe(4);
    await refundKeyRate(database.prisma, key, 3);
    expect(await count()).toBe(1);
    await refundKeyRate(database.prisma, key, 10);
    expect(await count()).toBe(0);
    // A retry of the failed request fits again.
    await consumeKeyRate(database.prisma, key, 5);
    expect(await count()).toBe(5);
    // The window moved on: the new minute did not count them, so nothing is given back.
    await database.prisma.projectKeyRateWindow.update({ where: { keyId: key.keyId }, data: { windowStart: new Date(Date.now() - 120_000) } });
    await refundKeyRate(database.prisma, key, 5);
    expect(await count()).toBe(5);
  });

  it("answers Retry-After from the database's clock: the seconds left in the database's minute", async () => {
    await database.prisma.projectKeyRateWindow.deleteMany();
    await consumeKeyRate(database.prisma, key, 5);
    const error = await refusal(1);
    expect(error.status).toBe(429);
    const [{ left }] = await database.prisma.$queryRaw<{ left: number }[]>`
      SELECT ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS left`;
    const retryAfter = Number(error.headers?.["retry-after"]);
    expect(Math.abs(retryAfter - Math.max(1, left))).toBeLessThanOrEqual(1);
    expect(error.headers?.["x-sentry-rate-limits"]).toBe(`${retryAfter}::key:key_quota`);
  });
});
