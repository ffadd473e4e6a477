import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { authOptions } from "./options";
import { hashPassword } from "./passwords";
// next-auth's request handler, which app/api/auth/[...nextauth] wraps (the wrapper itself needs a
// Next.js request scope for next/headers); next-auth does not list it in its package exports.
import { AuthHandler } from "../../node_modules/next-auth/core/index.js";

// Real requests through next-auth's handler: where it sends the browser after sign-in.
const ORIGIN = "https://tether.test";
const EMAIL = "ana@example.com";
const PASSWORD = "correct horse battery";
const HOSTILE = ["//evil.com", "http://tether.invalid//evil.com", `${ORIGIN}//evil.com`, "/\\evil.com", "/%2F%2Fevil.com", "/.//evil.com", "https://evil.com/"];

async function nextAuth(path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${ORIGIN}/api/auth/${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return AuthHandler({ req: request, options: authOptions });
}

describe("sign-in redirects through next-auth", () => {
  let database: Database;
  const nextAuthUrl = process.env.NEXTAUTH_URL;
  beforeAll(async () => {
    process.env.NEXTAUTH_URL = ORIGIN;
    database = await createTestDatabase("pglite");
    setDatabase(database);
    await database.prisma.user.create({ data: { email: EMAIL, passwordHash: await hashPassword(PASSWORD), emails: { create: { email: EMAIL, isVerified: true } } } });
  });
  afterAll(async () => {
    if (nextAuthUrl === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = nextAuthUrl;
    setDatabase(undefined);
    await database.close();
  });

  it.each(HOSTILE)("defect 5: the sign-in page is sent %j as the site's root", async (callbackUrl) => {
    const response = await nextAuth(`signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    const location = new URL(response.redirect ?? "", ORIGIN);
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("callbackUrl")).toBe(`${ORIGIN}/`);
  });

  it.each(HOSTILE)("defect 5: a successful sign-in with callbackUrl %j lands on this site", async (callbackUrl) => {
    const csrf = await nextAuth("csrf");
    const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
    const cookie = (csrf.cookies ?? []).map((c) => `${c.name}=${c.value}`).join("; ");
    const response = await nextAuth("callback/credentials", { method: "POST", cookie, body: { csrfToken, email: EMAIL, password: PASSWORD, callbackUrl, json: "true" } });
    expect(response.cookies?.some((c) => c.name.endsWith("next-auth.session-token") && c.value)).toBe(true);
    expect(response.redirect).toBe(`${ORIGIN}/`);
  });

  it("keeps a callback to one of this site's pages", async () => {
    const response = await nextAuth(`signin?callbackUrl=${encodeURIComponent("/o/acme/groups?query=x")}`);
    expect(new URL(response.redirect ?? "", ORIGIN).searchParams.get("callbackUrl")).toBe(`${ORIGIN}/o/acme/groups?query=x`);
  });
});
