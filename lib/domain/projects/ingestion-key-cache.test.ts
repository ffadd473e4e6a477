import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { createProjectKey } from "./create-project-key";
import { createIngestionKeyCache, forgetIngestionKeys, KEY_CACHE_TTL_MS } from "./ingestion-key-cache";

// Whether an answer came from the cache shows by disabling the key straight in the database
// (no forgetting): a cached key still answers as active until its TTL, a re-read one is refused.

const randomKey = () => randomBytes(16).toString("hex");

describe.each(await testDatabaseKinds())("ingestion key cache on %s", (kind) => {
  let database: Database;
  let organizationId: string;
  let projectSlug: string;
  let ingestId: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const { organization, project } = await createOrganizationWithProject(database.prisma, { members: 0 });
    organizationId = organization.id;
    projectSlug = project.slug;
    ingestId = (await database.prisma.project.findUniqueOrThrow({ where: { id: project.id } })).ingestId;
  });
  afterAll(async () => {
    forgetIngestionKeys();
    await database?.close();
  });

  async function newKey() {
    return (await createProjectKey(database.prisma, { organizationId, project: projectSlug })).key;
  }
  const disableInDatabase = (id: string) => database.prisma.projectKey.update({ where: { id }, data: { isActive: false } });

  it("keeps known keys while a stream of made-up keys passes through", async () => {
    const db = database.prisma;
    const cache = createIngestionKeyCache({ maxKnown: 3, maxRefused: 5 });
    const now = Date.now();
    const key = await newKey();
    expect(await cache.find(db, ingestId, key.publicKey, now)).toMatchObject({ keyId: key.id });
    for (let i = 0; i < 40; i++) expect(await cache.find(db, ingestId, randomKey(), now)).toBe("refused");
    for (let i = 0; i < 10; i++) expect(await cache.find(db, ingestId + 1_000_000, randomKey(), now)).toBe("unknown_project");
    await disableInDatabase(key.id);
    expect(await cache.find(db, ingestId, key.publicKey, now)).toMatchObject({ keyId: key.id });
    expect(await cache.find(db, ingestId, key.publicKey, now + KEY_CACHE_TTL_MS)).toBe("refused");
  });

  it("evicts the oldest known key only, and the oldest refusals only", async () => {
    const db = database.prisma;
    const cache = createIngestionKeyCache({ maxKnown: 2, maxRefused: 2 });
    const now = Date.now();
    const [a, b, c] = [await newKey(), await newKey(), await newKey()];
    for (const key of [a, b, c]) await cache.find(db, ingestId, key.publicKey, now);
    for (const key of [a, b, c]) await disableInDatabase(key.id);
    expect(await cache.find(db, ingestId, a.publicKey, now)).toBe("refused");
    expect(await cache.find(db, ingestId, b.publicKey, now)).toMatchObject({ keyId: b.id });
    expect(await cache.find(db, ingestId, c.publicKey, now)).toMatchObject({ keyId: c.id });

    // Refusals: of three, the first is re-read (and now answers as the active key it has become).
    const [d, e, f] = [await newKey(), await newKey(), await newKey()];
    for (const key of [d, e, f]) await disableInDatabase(key.id);
    for (const key of [d, e, f]) expect(await cache.find(db, ingestId, key.publicKey, now)).toBe("refused");
    for (const key of [d, e, f]) await db.projectKey.update({ where: { id: key.id }, data: { isActive: true } });
    expect(await cache.find(db, ingestId, d.publicKey, now)).toMatchObject({ keyId: d.id });
    expect(await cache.find(db, ingestId, f.publicKey, now)).toBe("refused");
  });

  it("forgets everything on a key change, and does not store an answer read before it", async () => {
    const db = database.prisma;
    const cache = createIngestionKeyCache({ maxKnown: 10, maxRefused: 10 });
    const now = Date.now();
    const key = await newKey();
    await cache.find(db, ingestId, key.publicKey, now);
    await disableInDatabase(key.id);
    cache.forget();
    expect(await cache.find(db, ingestId, key.publicKey, now)).toBe("refused");

    // A lookup in flight while the key changes answers what it read, but does not keep it.
    await db.projectKey.update({ where: { id: key.id }, data: { isActive: true } });
    const inFlight = cache.find(db, ingestId, key.publicKey, now + KEY_CACHE_TTL_MS);
    cache.forget();
    await inFlight;
    await disableInDatabase(key.id);
    expect(await cache.find(db, ingestId, key.publicKey, now + KEY_CACHE_TTL_MS)).toBe("refused");
  });
});
