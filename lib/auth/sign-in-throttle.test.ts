import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import {
  ACCOUNT_ATTEMPT_LIMIT,
  ADDRESS_ATTEMPT_LIMIT,
  SIGN_IN_WINDOW_MS,
  SignInThrottledError,
  UNKNOWN_ADDRESS,
  beginSignInAttempt,
  clientAddress,
  dropLapsedSignInCounters,
  recordSignInSuccess,
  throttleRetryAfterSeconds,
  trustedProxyCount,
} from "./sign-in-throttle";

let counter = 0;
const fresh = () => {
  counter += 1;
  return { email: `throttle-${counter}-${Date.now()}@example.com`, address: `10.9.${counter % 250}.${Math.floor(Math.random() * 250)}` };
};

async function refusal(attempt: Promise<void>): Promise<SignInThrottledError | null> {
  try {
    await attempt;
    return null;
  } catch (error) {
    if (error instanceof SignInThrottledError) return error;
    throw error;
  }
}

describe.each(await testDatabaseKinds())("sign-in throttle on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it(`defect 6: locks an account after ${ACCOUNT_ATTEMPT_LIMIT} attempts for a whole window, from any address`, async () => {
    const db = database.prisma;
    const { email } = fresh();
    const now = new Date("2026-11-25T12:00:00Z");
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) await beginSignInAttempt(db, { email, address: `10.1.0.${i}` }, now);
    const refused = await refusal(beginSignInAttempt(db, { email, address: "10.1.1.1" }, now));
    expect(refused?.message).toBe("Too many sign-in attempts; try again in 15 minutes");
    expect(refused?.retryAfterSeconds).toBe(15 * 60);
    const later = new Date(now.getTime() + 14 * 60_000 + 1000);
    expect((await refusal(beginSignInAttempt(db, { email, address: "10.1.1.2" }, later)))?.message).toBe("Too many sign-in attempts; try again in 1 minute");
    // Another account is not affected; this one opens again once the lock has passed.
    expect(await refusal(beginSignInAttempt(db, { email: fresh().email, address: "10.1.1.1" }, now))).toBeNull();
    expect(await refusal(beginSignInAttempt(db, { email, address: "10.1.1.1" }, new Date(now.getTime() + SIGN_IN_WINDOW_MS)))).toBeNull();
  });

  it(`defect 6: locks a client address after ${ADDRESS_ATTEMPT_LIMIT} attempts across accounts`, async () => {
    const db = database.prisma;
    const { address } = fresh();
    const now = new Date();
    for (let i = 0; i < ADDRESS_ATTEMPT_LIMIT; i++) await beginSignInAttempt(db, { email: fresh().email, address }, now);
    expect((await refusal(beginSignInAttempt(db, { email: fresh().email, address }, now)))?.message).toMatch(/^Too many sign-in attempts/);
    expect(await refusal(beginSignInAttempt(db, { email: fresh().email, address: fresh().address }, now))).toBeNull();
  });

  it("a success clears the account's count and does not count against the address", async () => {
    const db = database.prisma;
    const subject = fresh();
    const now = new Date();
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT - 1; i++) await beginSignInAttempt(db, subject, now);
    await beginSignInAttempt(db, subject, now);
    await recordSignInSuccess(db, subject);
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${subject.email}` } })).toBeNull();
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { key: `address:${subject.address}` } })).failures).toBe(ACCOUNT_ATTEMPT_LIMIT - 1);
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) await beginSignInAttempt(db, subject, now);
  });

  it("counts concurrent attempts exactly: no more than the limit get through", async () => {
    const db = database.prisma;
    const { email } = fresh();
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: 25 }, (_, i) => refusal(beginSignInAttempt(db, { email, address: `10.2.0.${i}` }, now))));
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(ACCOUNT_ATTEMPT_LIMIT);
  });

  it("drops counters whose window and lock have passed", async () => {
    const db = database.prisma;
    const old = fresh();
    const longAgo = new Date(Date.now() - 2 * SIGN_IN_WINDOW_MS);
    await beginSignInAttempt(db, old, longAgo);
    expect(await db.signInThrottle.count({ where: { key: { in: [`account:${old.email}`, `address:${old.address}`] } } })).toBe(2);
    expect(await dropLapsedSignInCounters(db)).toBeGreaterThanOrEqual(2);
    expect(await db.signInThrottle.count({ where: { key: { in: [`account:${old.email}`, `address:${old.address}`] } } })).toBe(0);
    const current = fresh();
    await beginSignInAttempt(db, current);
    expect(await db.signInThrottle.count({ where: { key: { in: [`account:${current.email}`, `address:${current.address}`] } } })).toBe(2);
  });
});

describe("sign-in client address", () => {
  it("trusts X-Forwarded-For only as far as TETHER_TRUST_PROXY says", () => {
    const direct = {};
    const proxied = { TETHER_TRUST_PROXY: "1" };
    // What Next.js writes for a direct connection: the peer address alone.
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, direct)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7" }), direct)).toBe("203.0.113.7");
    // A chain nobody trusted wrote: one shared bucket, never the client's claim.
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" }, direct)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({}, direct)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(undefined, direct)).toBe(UNKNOWN_ADDRESS);
    // Behind one proxy that appends: its entry (the last), whatever the client put in front.
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" }, proxied)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, 198.51.100.1, 203.0.113.7" }, { TETHER_TRUST_PROXY: "2" })).toBe("198.51.100.1");
    expect(clientAddress({ "x-forwarded-for": "not an address" }, proxied)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "::ffff:192.0.2.1" }, direct)).toBe("192.0.2.1");
    // IPv6: one /64, since one subscriber holds all of it.
    expect(clientAddress({ "x-forwarded-for": "2001:db8:0:1::5" }, direct)).toBe("2001:db8:0:1::/64");
    expect(clientAddress({ "x-forwarded-for": "2001:db8:0:1:ffff:1:2:3" }, direct)).toBe("2001:db8:0:1::/64");
    expect(clientAddress({ "x-forwarded-for": "::1" }, direct)).toBe("0:0:0:0::/64");
  });

  it("refuses a TETHER_TRUST_PROXY that is not a count", () => {
    expect(trustedProxyCount({})).toBe(0);
    expect(trustedProxyCount({ TETHER_TRUST_PROXY: "1" })).toBe(1);
    expect(() => trustedProxyCount({ TETHER_TRUST_PROXY: "yes" })).toThrow(/TETHER_TRUST_PROXY/);
  });

  it("reads the wait back from next-auth's error message", () => {
    expect(throttleRetryAfterSeconds(new SignInThrottledError(61_000).message)).toBe(120);
    expect(throttleRetryAfterSeconds("CredentialsSignin")).toBeNull();
    expect(throttleRetryAfterSeconds(null)).toBeNull();
  });
});
