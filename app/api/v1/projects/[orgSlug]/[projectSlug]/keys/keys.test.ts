import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/tokens";
import { setDatabase, type Database } from "@/lib/db/client";
import type { ProjectKeyView } from "@/lib/domain/projects/list-project-keys";
import { findActiveKeyForIngestion } from "@/lib/domain/projects/find-active-key-for-ingestion";
import { insertProjectKey } from "@/lib/domain/projects/project-key";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createMemberFixture, createOrganizationFixture, createProjectFixture, sessionCookieFor } from "@/lib/testing/fixtures";
import { startRouteServer } from "@/lib/testing/route-server";
import { PATCH } from "./[keyId]/route";
import { POST as ROTATE } from "./[keyId]/rotate/route";
import { GET, POST } from "./route";

type ErrorBody = { error: { code: string; message: string; details?: { fields?: Record<string, string[]> } } };

describe.each(await testDatabaseKinds())("project keys API on %s", (kind) => {
  let database: Database;
  let server: { url: string; stop: () => Promise<void> };
  let orgSlug: string;
  let ingestId: number;
  let defaultKeyId: string;
  /** A key of the same organization's other project, and one of another organization's project. */
  let siblingKeyId: string;
  let foreignKeyId: string;
  const tokens = { admin: "", reader: "", writer: "", foreignAdmin: "" };
  const cookies = { owner: "", member: "" };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    const org = await createOrganizationFixture(db);
    orgSlug = org.slug;
    const project = await createProjectFixture(db, org.id, { slug: "backend" });
    ingestId = project.ingestId;
    defaultKeyId = (await insertProjectKey(db, project.id)).id;
    const sibling = await createProjectFixture(db, org.id, { slug: "web" });
    siblingKeyId = (await insertProjectKey(db, sibling.id)).id;
    tokens.admin = (await createApiToken(db, { organizationId: org.id, name: "admin", scopes: ["org:admin"] })).token;
    tokens.reader = (await createApiToken(db, { organizationId: org.id, name: "ro", scopes: ["issues:read"] })).token;
    tokens.writer = (await createApiToken(db, { organizationId: org.id, name: "rw", scopes: ["issues:write", "events:write"] })).token;
    cookies.owner = await sessionCookieFor((await createMemberFixture(db, org.id, { role: "owner" })).id);
    cookies.member = await sessionCookieFor((await createMemberFixture(db, org.id, { role: "member" })).id);
    const other = await createOrganizationFixture(db);
    const otherProject = await createProjectFixture(db, other.id, { slug: "backend" });
    foreignKeyId = (await insertProjectKey(db, otherProject.id)).id;
    tokens.foreignAdmin = (await createApiToken(db, { organizationId: other.id, name: "admin", scopes: ["org:admin"] })).token;
    server = await startRouteServer([
      { method: "GET", path: "/api/v1/projects/:orgSlug/:projectSlug/keys", handler: GET },
      { method: "POST", path: "/api/v1/projects/:orgSlug/:projectSlug/keys", handler: POST },
      { method: "PATCH", path: "/api/v1/projects/:orgSlug/:projectSlug/keys/:keyId", handler: PATCH },
      { method: "POST", path: "/api/v1/projects/:orgSlug/:projectSlug/keys/:keyId/rotate", handler: ROTATE },
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    setDatabase(undefined);
    await database.close();
  });

  type Auth = { token: string } | { cookie: string; origin?: string } | null;
  async function call(method: string, path: string, auth: Auth, body?: unknown, rawBody?: string) {
    const headers: Record<string, string> = {};
    if (auth && "token" in auth) headers.authorization = `Bearer ${auth.token}`;
    if (auth && "cookie" in auth) Object.assign(headers, { cookie: auth.cookie, origin: auth.origin ?? server.url });
    const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${server.url}/api/v1/projects/${orgSlug}/backend/keys${path}`, { method, headers, body: payload });
    return { status: response.status, body: (await response.json()) as unknown };
  }
  const admin = (): Auth => ({ token: tokens.admin });
  const keysTable = () => database.prisma.projectKey.findMany({ orderBy: { id: "asc" } });

  it("lists the project's keys with their DSNs to any member, the active ones first", async () => {
    const listed = await call("GET", "", { token: tokens.reader });
    expect(listed.status).toBe(200);
    const { keys } = listed.body as { keys: ProjectKeyView[] };
    expect(keys.map((key) => key.id)).toContain(defaultKeyId);
    expect(keys.map((key) => key.id)).not.toContain(siblingKeyId);
    const first = keys.find((key) => key.id === defaultKeyId)!;
    expect(first).toMatchObject({ label: "Default", isActive: true, rateLimitPerMinute: null, lastUsedAt: null });
    expect(first.dsn).toBe(`https://${first.publicKey}@tether.test/${ingestId}`);
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    // A member without org:admin reads the DSN too (it is what they configure their app with).
    const asMember = await call("GET", "", { cookie: cookies.member });
    expect(asMember.status).toBe(200);
    expect((asMember.body as { keys: ProjectKeyView[] }).keys.length).toBe(keys.length);
  });

  it("adds a key with a label and rate limit, or with the defaults", async () => {
    const created = await call("POST", "", admin(), { label: "  Browser  ", rateLimitPerMinute: 600 });
    expect(created.status).toBe(201);
    const key = created.body as ProjectKeyView;
    expect(key).toMatchObject({ label: "Browser", rateLimitPerMinute: 600, isActive: true, lastUsedAt: null });
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(key.dsn).toBe(`https://${key.publicKey}@tether.test/${ingestId}`);
    expect(await findActiveKeyForIngestion(database.prisma, ingestId, key.publicKey)).not.toBeNull();

    const plain = await call("POST", "", { cookie: cookies.owner }, {});
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ label: "Default", rateLimitPerMinute: null });
    const { keys } = (await call("GET", "", admin())).body as { keys: ProjectKeyView[] };
    expect(keys.map((k) => k.id)).toEqual(expect.arrayContaining([key.id, (plain.body as ProjectKeyView).id]));
  });

  it("relabels, sets and clears the rate limit, disables and enables a key", async () => {
    const { id, publicKey } = (await call("POST", "", admin(), { label: "Worker" })).body as ProjectKeyView;
    const relabelled = await call("PATCH", `/${id}`, admin(), { label: "Queue worker", rateLimitPerMinute: 1_000_000 });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body).toMatchObject({ id, label: "Queue worker", rateLimitPerMinute: 1_000_000, isActive: true });

    const cleared = await call("PATCH", `/${id}`, { cookie: cookies.owner }, { rateLimitPerMinute: null });
    expect(cleared.body).toMatchObject({ label: "Queue worker", rateLimitPerMinute: null });

    const disabled = await call("PATCH", `/${id}`, admin(), { isActive: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ isActive: false, label: "Queue worker" });
    expect(await findActiveKeyForIngestion(database.prisma, ingestId, publicKey)).toBeNull();
    // Disabled keys come after the active ones.
    const { keys } = (await call("GET", "", admin())).body as { keys: ProjectKeyView[] };
    expect(keys.findIndex((key) => key.id === id)).toBeGreaterThan(keys.findLastIndex((key) => key.isActive));

    expect((await call("PATCH", `/${id}`, admin(), { isActive: true })).body).toMatchObject({ isActive: true });
    expect(await findActiveKeyForIngestion(database.prisma, ingestId, publicKey)).not.toBeNull();
  });

  it("rotates a key: a new key with its label and limit, the old one refused at once", async () => {
    const old = (await call("POST", "", admin(), { label: "Mobile", rateLimitPerMinute: 120 })).body as ProjectKeyView;
    const rotated = await call("POST", `/${old.id}/rotate`, { cookie: cookies.owner });
    expect(rotated.status).toBe(201);
    const { key, disabledKeyIds } = rotated.body as { key: ProjectKeyView; disabledKeyIds: string[] };
    expect(disabledKeyIds).toEqual([old.id]);
    expect(key).toMatchObject({ label: "Mobile", rateLimitPerMinute: 120, isActive: true });
    expect(key.publicKey).not.toBe(old.publicKey);
    expect(key.dsn).not.toBe(old.dsn);
    expect(await findActiveKeyForIngestion(database.prisma, ingestId, old.publicKey)).toBeNull();
    expect(await findActiveKeyForIngestion(database.prisma, ingestId, key.publicKey)).not.toBeNull();
    const { keys } = (await call("GET", "", admin())).body as { keys: ProjectKeyView[] };
    expect(keys.find((k) => k.id === old.id)).toMatchObject({ isActive: false });
  });

  it("lets only org:admin change keys, and answers 404 for another project's or organization's key", async () => {
    const before = await keysTable();
    const changes: [string, string, unknown][] = [
      ["POST", "", { label: "Nope" }],
      ["PATCH", `/${defaultKeyId}`, { isActive: false }],
      ["POST", `/${defaultKeyId}/rotate`, undefined],
    ];
    for (const [method, path, body] of changes) {
      for (const auth of [{ token: tokens.reader }, { token: tokens.writer }, { cookie: cookies.member }]) {
        const answer = await call(method, path, auth, body);
        expect(answer.status, `${method} ${path} as ${JSON.stringify(auth).slice(0, 20)}`).toBe(403);
      }
      expect((await call(method, path, null, body)).status).toBe(401);
      // The organization cannot be seen at all with another organization's token.
      expect((await call(method, path, { token: tokens.foreignAdmin }, body)).status).toBe(404);
      // A signed-in owner's change from another site is refused before anything is read.
      expect((await call(method, path, { cookie: cookies.owner, origin: "https://evil.example" }, body)).status).toBe(403);
    }
    expect((await call("GET", "", null)).status).toBe(401);
    expect((await call("GET", "", { token: tokens.foreignAdmin })).status).toBe(404);
    for (const keyId of [siblingKeyId, foreignKeyId, "no-such-key"]) {
      const patched = await call("PATCH", `/${keyId}`, admin(), { label: "Taken" });
      expect(patched.status).toBe(404);
      expect((patched.body as ErrorBody).error.code).toBe("not_found");
      expect((await call("POST", `/${keyId}/rotate`, admin())).status).toBe(404);
    }
    expect(await keysTable()).toEqual(before);
  });

  it("refuses bad input with 400 naming the field, and writes nothing", async () => {
    const before = await keysTable();
    const bad: [string, string, unknown, string][] = [
      ["POST", "", { label: "" }, "label"],
      ["POST", "", { label: "   " }, "label"],
      ["POST", "", { label: "x".repeat(65) }, "label"],
      ["POST", "", { label: 7 }, "label"],
      ["POST", "", { rateLimitPerMinute: 0 }, "rateLimitPerMinute"],
      ["POST", "", { rateLimitPerMinute: 1_000_001 }, "rateLimitPerMinute"],
      ["POST", "", { rateLimitPerMinute: 2.5 }, "rateLimitPerMinute"],
      ["POST", "", { rateLimitPerMinute: "60" }, "rateLimitPerMinute"],
      ["POST", "", { label: "Ok", publicKey: "0".repeat(32) }, "_"],
      ["PATCH", `/${defaultKeyId}`, { label: "Fine", rateLimitPerMinute: -1 }, "rateLimitPerMinute"],
      ["PATCH", `/${defaultKeyId}`, { isActive: "no" }, "isActive"],
      ["PATCH", `/${defaultKeyId}`, { label: "x".repeat(65), isActive: false }, "label"],
      ["PATCH", `/${defaultKeyId}`, {}, "_"],
      ["PATCH", `/${defaultKeyId}`, { publicKey: "0".repeat(32) }, "_"],
    ];
    for (const [method, path, body, field] of bad) {
      const answer = await call(method, path, admin(), body);
      expect(answer.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      const fields = (answer.body as ErrorBody).error.details?.fields ?? {};
      expect(Object.keys(fields), `${method} ${JSON.stringify(body)}`).toContain(field);
    }
    for (const raw of ["{", "[]", "null", ""]) {
      expect((await call("POST", "", admin(), undefined, raw)).status).toBe(400);
      expect((await call("PATCH", `/${defaultKeyId}`, admin(), undefined, raw)).status).toBe(400);
    }
    expect(await keysTable()).toEqual(before);
  });

  it("accepts exactly the labels and rate limits within bounds (property)", async () => {
    const key = (await call("POST", "", admin(), { label: "Property" })).body as ProjectKeyView;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 80 }), fc.constant(" ".repeat(3))),
        fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 1_000_005 }), fc.double({ noNaN: true, min: 0, max: 2_000_000 })),
        async (label, rateLimitPerMinute) => {
          const stored = await database.prisma.projectKey.findUniqueOrThrow({ where: { id: key.id } });
          const answer = await call("PATCH", `/${key.id}`, admin(), { label, rateLimitPerMinute });
          const trimmed = label.trim();
          const validText = !/\u0000/.test(label) && !/[\ud800-\udfff]/.test(label.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
          const valid =
            validText && trimmed.length >= 1 && trimmed.length <= 64 && (rateLimitPerMinute === null || (Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute >= 1 && rateLimitPerMinute <= 1_000_000));
          expect(answer.status).toBe(valid ? 200 : 400);
          const after = await database.prisma.projectKey.findUniqueOrThrow({ where: { id: key.id } });
          if (valid) expect(after).toMatchObject({ label: trimmed, rateLimitPerMinute });
          else expect(after).toEqual(stored);
        },
      ),
      { numRuns: 40 },
    );
  });
});
