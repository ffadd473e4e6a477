import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyApiToken } from "@/lib/auth/tokens";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createGroupsWorld, sessionCookieFor, tokenFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { DELETE as revokeTokenRoute } from "./[tokenId]/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "./route";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

describe.each(await testDatabaseKinds())("API token routes on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let adminCookie: string;
  let memberCookie: string;
  let outsiderCookie: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    adminCookie = await sessionCookieFor(world.admin.id);
    memberCookie = await sessionCookieFor(world.member.id);
    outsiderCookie = await sessionCookieFor(world.outsider.id);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const create = (slug: string, body: unknown, credentials: Credentials) =>
    callRoute(createTokenRoute, `/api/v1/organizations/${slug}/api-tokens`, { orgSlug: slug }, { ...credentials, method: "POST", body });
  const list = (slug: string, credentials: Credentials) => callRoute(listTokensRoute, `/api/v1/organizations/${slug}/api-tokens`, { orgSlug: slug }, credentials);
  const revoke = (slug: string, tokenId: string, credentials: Credentials) =>
    callRoute(revokeTokenRoute, `/api/v1/organizations/${slug}/api-tokens/${tokenId}`, { orgSlug: slug, tokenId }, { ...credentials, method: "DELETE" });

  it("lets an admin create a token shown once, list it without the secret, and revoke it", async () => {
    const res = await create(world.ours.slug, { name: "CI deploys", scopes: ["events:write", "issues:read"] }, { cookie: adminCookie });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; token: string; prefix: string; scopes: string[] };
    expect(created.token).toMatch(/^tth_/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(await verifyApiToken(database.prisma, created.token)).toMatchObject({ organizationId: world.ours.id, createdById: world.admin.id });

    const listed = await list(world.ours.slug, { cookie: adminCookie });
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(created.token);
    const row = (JSON.parse(text) as { tokens: TokenRow[] }).tokens.find((t) => t.id === created.id);
    expect(row).toMatchObject({ name: "CI deploys", prefix: created.prefix, scopes: ["events:write", "issues:read"], createdBy: world.admin.email, revokedAt: null });

    expect((await revoke(world.ours.slug, created.id, { cookie: adminCookie })).status).toBe(204);
    expect(await verifyApiToken(database.prisma, created.token)).toBeNull();
    const after = (await (await list(world.ours.slug, { cookie: adminCookie })).json()) as { tokens: TokenRow[] };
    expect(after.tokens.find((t) => t.id === created.id)?.revokedAt).not.toBeNull();
    // Revoking again is harmless; an unknown id is 404.
    expect((await revoke(world.ours.slug, created.id, { cookie: adminCookie })).status).toBe(204);
    expect((await revoke(world.ours.slug, "no-such-token", { cookie: adminCookie })).status).toBe(404);
  });

  it("works with a token that has org:admin, and refuses one without it (403)", async () => {
    const adminToken = await tokenFor(database.prisma, world.ours.id, ["org:admin"], world.admin.id);
    const writeToken = await tokenFor(database.prisma, world.ours.id, ["issues:write", "events:write"]);
    expect((await create(world.ours.slug, { name: "bot", scopes: ["issues:read"] }, { token: adminToken })).status).toBe(201);
    expect((await list(world.ours.slug, { token: adminToken })).status).toBe(200);
    expect((await create(world.ours.slug, { name: "bot", scopes: ["org:admin"] }, { token: writeToken })).status).toBe(403);
    expect((await list(world.ours.slug, { token: writeToken })).status).toBe(403);
  });

  it("answers 403 to a member without the admin role, and writes nothing", async () => {
    const before = await database.prisma.apiToken.count();
    expect((await list(world.ours.slug, { cookie: memberCookie })).status).toBe(403);
    expect((await create(world.ours.slug, { name: "mine", scopes: ["issues:read"] }, { cookie: memberCookie })).status).toBe(403);
    const existing = await database.prisma.apiToken.findFirstOrThrow({ where: { organizationId: world.ours.id } });
    expect((await revoke(world.ours.slug, existing.id, { cookie: memberCookie })).status).toBe(403);
    expect(await database.prisma.apiToken.count()).toBe(before);
  });

  it("answers 401 anonymous and 404 for another organization (including revoking its token)", async () => {
    expect((await list(world.ours.slug, {})).status).toBe(401);
    expect((await create(world.ours.slug, { name: "x", scopes: ["issues:read"] }, {})).status).toBe(401);
    expect((await list(world.theirs.slug, { cookie: adminCookie })).status).toBe(404);
    const theirToken = await database.prisma.apiToken.create({
      data: { organizationId: world.theirs.id, name: "theirs", tokenHash: `hash-${Date.now()}`, prefix: "tth_xxxxxx", scopes: ["issues:read"] },
    });
    expect((await revoke(world.ours.slug, theirToken.id, { cookie: adminCookie })).status).toBe(404);
    expect((await revoke(world.theirs.slug, theirToken.id, { cookie: adminCookie })).status).toBe(404);
    expect((await database.prisma.apiToken.findUniqueOrThrow({ where: { id: theirToken.id } })).revokedAt).toBeNull();
    expect((await list(world.theirs.slug, { cookie: outsiderCookie })).status).toBe(200);
  });

  it("answers 400 with field errors for a bad body, and writes nothing", async () => {
    const before = await database.prisma.apiToken.count();
    for (const body of [{ name: "", scopes: ["issues:read"] }, { name: "x", scopes: [] }, { name: "x", scopes: ["everything"] }, { name: "x" }, { name: "x", scopes: ["issues:read"], extra: 1 }, "not json"]) {
      const res = await create(world.ours.slug, body, { cookie: adminCookie });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await database.prisma.apiToken.count()).toBe(before);
  });
});
