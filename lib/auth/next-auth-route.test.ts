// Next.js's request storage must exist before any Next.js module loads (as its server sets it up).
import "@/tests/reliability/support/setup";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { inNextRequestScope } from "@/tests/reliability/support/next-request-scope";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { hashPassword } from "./passwords";
import { answerNextAuth } from "./next-auth-input";

// Real requests through app/api/auth/[...nextauth]/route.ts, inside the request scope Next.js gives
// a route handler (next-auth reads cookies and headers from it). Found by the reliability fuzzing:
// input next-auth cannot handle must be a 4xx, never a 500.
const ORIGIN = "https://tether.test";
const EMAIL = "ana@example.com";
const PASSWORD = "correct horse battery";
// NEXTAUTH_URL is https: next-auth's cookies carry the __Secure- / __Host- prefixes.
const CALLBACK_COOKIE = "__Secure-next-auth.callback-url";

interface Call {
  method?: "GET" | "POST";
  cookie?: string;
  contentType?: string;
  body?: string;
}

async function call(path: string, init: Call = {}): Promise<Response> {
  const method = init.method ?? "GET";
  const headers = new Headers({ origin: ORIGIN });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.contentType) headers.set("content-type", init.contentType);
  const request = new NextRequest(`${ORIGIN}/api/auth/${path}`, { method, headers, body: init.body });
  const nextauth = new URL(request.url).pathname.split("/").slice(3).map(decodeURIComponent);
  const handler = method === "GET" ? GET : POST;
  return inNextRequestScope("/api/auth/[...nextauth]/route", request, () => handler(request, { params: Promise.resolve({ nextauth }) }));
}

async function errorCode(response: Response): Promise<unknown> {
  expect(response.headers.get("content-type")).toContain("application/json");
  return ((await response.json()) as { error?: { code?: unknown } }).error?.code;
}

/** A browser's CSRF token and cookie, from next-auth's own endpoint. */
async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await call("csrf");
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { token: csrfToken, cookie };
}

describe("next-auth's route with input it cannot handle", () => {
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

  it.each(["session", "csrf", "providers"])("fuzz finding: a callbackUrl query parameter that is no URL (GET %s) is ignored, not a 500", async (action) => {
    for (const callbackUrl of ["VNyG", "\\", "-1call", "javascript:alert(1)", "http://"]) {
      const response = await call(`${action}?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      expect(response.status, callbackUrl).toBe(200);
    }
  });

  it("fuzz finding: the sign-in page is sent a callbackUrl that is no URL as the site's root", async () => {
    const response = await call(`signin?callbackUrl=VNyG`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "", ORIGIN);
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("callbackUrl")).toBe(`${ORIGIN}/`);
  });

  it("fuzz finding: a POST with a callbackUrl query parameter that is no URL is not a 500", async () => {
    const { token, cookie } = await csrf();
    const body = new URLSearchParams({ csrfToken: token, email: EMAIL, password: PASSWORD, json: "true" }).toString();
    const response = await call("callback/credentials?callbackUrl=VNyG", { method: "POST", cookie, contentType: "application/x-www-form-urlencoded", body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `${ORIGIN}/` });
  });

  it("fuzz finding: a callback-url cookie that is no URL is refused with 400 JSON and cleared", async () => {
    for (const name of [CALLBACK_COOKIE, "next-auth.callback-url"]) {
      const response = await call("session", { cookie: `${name}=VNyG` });
      expect(response.status, name).toBe(400);
      expect(await errorCode(response)).toBe("invalid_callback_url");
      const cleared = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=;`));
      expect(cleared, name).toMatch(/Max-Age=0/);
    }
  });

  it("keeps a callback-url cookie next-auth set itself", async () => {
    const response = await call("session", { cookie: `${CALLBACK_COOKIE}=${encodeURIComponent(`${ORIGIN}/o/acme`)}` });
    expect(response.status).toBe(200);
  });

  it.each([
    ["application/json", '{"email":'],
    ["application/json", "not json"],
    ["application/json", ""],
    ["application/json; charset=utf-8", "{}}"],
    ["application/jsonx", "["],
  ])("fuzz finding: POST with content-type %j and the non-JSON body %j is refused with 400 JSON", async (contentType, body) => {
    const response = await call("callback/credentials", { method: "POST", contentType, body });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toMatch(/^(malformed_json|bad_request)$/);
  });

  it("fuzz finding: a body over the limit is refused with 413 before next-auth reads it", async () => {
    const response = await call("callback/credentials", { method: "POST", contentType: "application/x-www-form-urlencoded", body: `email=${"a".repeat(70_000)}` });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe("payload_too_large");
  });

  it("still signs in with a form or JSON body and a callback to one of this site's pages", async () => {
    for (const contentType of ["application/x-www-form-urlencoded", "application/json"]) {
      const { token, cookie } = await csrf();
      const fields = { csrfToken: token, email: EMAIL, password: PASSWORD, callbackUrl: "/o/acme/groups?query=x", json: "true" };
      const body = contentType === "application/json" ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
      const response = await call("callback/credentials", { method: "POST", cookie, contentType, body });
      expect(response.status, contentType).toBe(200);
      expect(await response.json()).toEqual({ url: `${ORIGIN}/o/acme/groups?query=x` });
      expect(response.headers.getSetCookie().some((c) => c.startsWith("__Secure-next-auth.session-token=") && !c.startsWith("__Secure-next-auth.session-token=;"))).toBe(true);
    }
  });

  it.each(["GET", "POST"] as const)("fuzz finding: %s with an empty first segment (/api/auth//session) is a 404, not a 500", async (method) => {
    const response = await call("/session", { method });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });

  it("fuzz finding: a GET to the credentials callback is a 405, not a 500", async () => {
    const response = await call("callback/credentials");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await errorCode(response)).toBe("method_not_allowed");
  });

  it("fuzz finding: anything next-auth still throws on a request is answered 400 JSON, not 500", async () => {
    const request = new NextRequest(`${ORIGIN}/api/auth/session`);
    const response = await answerNextAuth(request, { params: Promise.resolve({ nextauth: ["session"] }) }, async () => {
      throw new SyntaxError("Unexpected token");
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("bad_request");
  });
});
