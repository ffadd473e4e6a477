import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { createGroupsWorld, sessionCookieFor, tokenFor } from "@/lib/testing/ui-fixtures";
import { DELETE as revokeTokenRoute } from "./[tokenId]/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "./route";

// The origin vitest's TETHER_BASE_URL names; the dashboard is served there.
const SITE = "https://tether.test";
const BODY = JSON.stringify({ name: "planted", scopes: ["org:admin"] });

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

describe("defect 11: cross-site requests with a session cookie", () => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let cookie: string;
  let adminToken: string;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    cookie = await sessionCookieFor(world.admin.id);
    adminToken = await tokenFor(database.prisma, world.ours.id, ["org:admin"]);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  function send<P>(handler: Handler<P>, params: P, url: string, init: { method: string; headers: Record<string, string>; body?: string }) {
    return handler(new NextRequest(url, init), { params: Promise.resolve(params) });
  }
  const tokensUrl = (origin = SITE) => `${origin}/api/v1/organizations/${world.ours.slug}/api-tokens`;
  const create = (headers: Record<string, string>, options: { url?: string; body?: string } = {}) =>
    send(createTokenRoute, { orgSlug: world.ours.slug }, options.url ?? tokensUrl(), { method: "POST", headers, body: options.body ?? BODY });
  const tokenCount = () => database.prisma.apiToken.count({ where: { organizationId: world.ours.id } });
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it.each([
    ["a same-site text/plain form", { "content-type": "text/plain", origin: "https://evil.tether.test" }, 403, "cross_site_request"],
    ["a text/plain form naming no origin at all", { "content-type": "text/plain" }, 403, "cross_site_request"],
    ["a cross-origin JSON request", { "content-type": "application/json", origin: "https://evil.example" }, 403, "cross_site_request"],
    ["an opaque (null) origin", { "content-type": "application/json", origin: "null" }, 403, "cross_site_request"],
    ["a same-site fetch metadata without Origin", { "content-type": "application/json", "sec-fetch-site": "same-site" }, 403, "cross_site_request"],
    ["a referer from another site", { "content-type": "application/json", referer: "https://evil.example/page" }, 403, "cross_site_request"],
    ["a same-origin text/plain form", { "content-type": "text/plain", origin: SITE }, 415, "unsupported_media_type"],
    ["a same-origin url-encoded form", { "content-type": "application/x-www-form-urlencoded", origin: SITE }, 415, "unsupported_media_type"],
    ["a same-origin body with no content type", { origin: SITE }, 415, "unsupported_media_type"],
  ] as const)("refuses %s and creates nothing", async (_label, headers, status, code) => {
    const before = await tokenCount();
    const response = await create({ cookie, ...headers });
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
    expect(await tokenCount()).toBe(before);
  });

  it.each([
    ["the same Origin", { origin: SITE }, SITE],
    ["the configured public origin while the request reached an internal address", { origin: SITE }, "http://10.1.2.3:3000"],
    // Next.js rewrites 127.0.0.1 in request.url to localhost; the Host header keeps what the browser used.
    ["the origin of the request's Host", { origin: "http://127.0.0.1:3510", host: "127.0.0.1:3510" }, "http://127.0.0.1:3510"],
    ["no Origin but Sec-Fetch-Site: same-origin", { "sec-fetch-site": "same-origin" }, SITE],
    ["no Origin but a same-origin Referer", { referer: `${SITE}/o/acme/settings/api-tokens` }, SITE],
  ] as const)("accepts a same-origin JSON request: %s", async (_label, headers, reachedAt) => {
    const before = await tokenCount();
    const response = await create({ cookie, "content-type": "application/json; charset=utf-8", ...headers }, { url: tokensUrl(reachedAt) });
    expect(response.status).toBe(201);
    expect(await tokenCount()).toBe(before + 1);
  });

  it("leaves bearer-token requests alone: no Origin needed", async () => {
    const response = await create({ authorization: `Bearer ${adminToken}`, "content-type": "application/json" });
    expect(response.status).toBe(201);
  });

  it("guards DELETE too, and does not touch reads", async () => {
    const created = (await (await create({ cookie, "content-type": "application/json", origin: SITE })).json()) as { id: string };
    const revoke = (headers: Record<string, string>) =>
      send(revokeTokenRoute, { orgSlug: world.ours.slug, tokenId: created.id }, `${tokensUrl()}/${created.id}`, { method: "DELETE", headers: { cookie, ...headers } });
    expect((await revoke({ origin: "https://evil.example" })).status).toBe(403);
    expect((await database.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toBeNull();
    expect((await revoke({ origin: SITE })).status).toBe(204);
    const list = await send(listTokensRoute, { orgSlug: world.ours.slug }, tokensUrl(), { method: "GET", headers: { cookie, origin: "https://evil.example" } });
    expect(list.status).toBe(200);
  });
});
