import { createHash, randomBytes } from "node:crypto";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { createUserFixture } from "@/lib/testing/fixtures";
import { authOptions } from "./options";
import { hashPassword } from "./passwords";
import { throttledSignInAs429 } from "./sign-in-response";

const PASSWORD = "correct horse battery";
const secret = process.env.NEXTAUTH_SECRET ?? "";

/**
 * A credentials sign-in through next-auth itself (CSRF check, authorize, callbacks), driven by its
 * Node API handler, answered as to the sign-in form's JSON request and passed through Tether's
 * wrapper as the App Router route does.
 */
async function signIn(email: string, password: string, forwardedFor: string) {
  const csrf = randomBytes(16).toString("hex");
  const csrfCookie = `${csrf}|${createHash("sha256").update(`${csrf}${secret}`).digest("hex")}`;
  const req = {
    method: "POST",
    query: { nextauth: ["callback", "credentials"] },
    body: { email, password, csrfToken: csrf, json: "true" },
    cookies: { "next-auth.csrf-token": csrfCookie },
    headers: { "x-forwarded-for": forwardedFor, "content-type": "application/x-www-form-urlencoded" },
  };
  const answer = { status: 200, headers: new Map<string, unknown>(), body: undefined as unknown };
  const res = {
    status: (code: number) => ((answer.status = code), res),
    setHeader: (name: string, value: unknown) => (answer.headers.set(name.toLowerCase(), value), res),
    getHeader: (name: string) => answer.headers.get(name.toLowerCase()),
    json: (body: unknown) => ((answer.body = body), res),
    send: (body: unknown) => ((answer.body = body), res),
    end: () => res,
  };
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions);
  const response = await throttledSignInAs429(
    new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/json" } }),
  );
  const { url } = (await response.clone().json()) as { url?: string };
  const cookies = [answer.headers.get("set-cookie") ?? []].flat() as string[];
  const sessionToken = cookies.find((cookie) => cookie.startsWith("next-auth.session-token="))?.split(";")[0].split("=")[1];
  return { response, error: url ? new URL(url).searchParams.get("error") : null, sessionToken };
}

describe("sign-in through next-auth", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it("defect 6: a throttled account is answered 429 with Retry-After and the message, per account and per address", async () => {
    const user = await createUserFixture(database.prisma);
    await database.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD), sessionVersion: 3 } });

    const ok = await signIn(user.email, PASSWORD, "192.0.2.1");
    expect(ok.response.status).toBe(200);
    const claims = await decode({ token: ok.sessionToken, secret });
    expect(claims).toMatchObject({ sub: user.id, sessionVersion: 3 });

    for (let i = 0; i < 10; i++) {
      const wrong = await signIn(user.email, "wrong password", `192.0.2.${10 + i}`);
      expect(wrong.response.status).toBe(401);
      expect(wrong.error).toBe("CredentialsSignin");
    }
    const refused = await signIn(user.email, PASSWORD, "192.0.2.99");
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("retry-after")).toBe("900");
    expect(refused.error).toBe("Too many sign-in attempts; try again in 15 minutes");
    expect(refused.sessionToken).toBeUndefined();
    // The address each attempt came from was counted too.
    expect(await database.prisma.signInThrottle.findUnique({ where: { key: "address:192.0.2.10" } })).toMatchObject({ failures: 1 });
  });

  it("leaves every other answer alone", async () => {
    const plain = new Response("{}", { status: 401, headers: { "content-type": "application/json" } });
    expect(await throttledSignInAs429(plain)).toBe(plain);
    const redirect = new Response(null, { status: 302, headers: { location: "/api/auth/error?error=Too%20many%20sign-in%20attempts%3B%20try%20again%20in%205%20minutes" } });
    expect(await throttledSignInAs429(redirect)).toBe(redirect);
  });
});
