import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseDsn, parseSentryAuthHeader, requestSentryAuth } from "./sentry-auth";

const KEY = "0123456789abcdef0123456789abcdef";
const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { method: "POST", headers });
const statusOf = (action: () => unknown): number | "ok" => {
  try {
    action();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.status;
    throw error;
  }
};

describe("Sentry authentication", () => {
  it("reads X-Sentry-Auth as SDKs write it, with or without the sentry_ prefixes", () => {
    expect(requestSentryAuth(request("https://t.test/api/1/envelope/", { "x-sentry-auth": `Sentry sentry_key=${KEY}, sentry_version=7, sentry_client=sentry.python/2.1.0` }))).toEqual({
      publicKey: KEY,
      client: "sentry.python/2.1.0",
    });
    expect(parseSentryAuthHeader(`sentry key=${KEY},version=7`).get("key")).toBe(KEY);
  });

  it("reads the query's sentry_key, and refuses a header and query naming different keys", () => {
    expect(requestSentryAuth(request(`https://t.test/api/1/envelope/?sentry_key=${KEY}&sentry_version=7`))?.publicKey).toBe(KEY);
    expect(requestSentryAuth(request("https://t.test/api/1/envelope/"))).toBeNull();
    const both = (query: string) => statusOf(() => requestSentryAuth(request(`https://t.test/api/1/envelope/?sentry_key=${query}`, { "x-sentry-auth": `Sentry sentry_key=${KEY}` })));
    expect(both(KEY)).toBe("ok");
    expect(both("f".repeat(32))).toBe(401);
  });

  it("takes the key and project id from a DSN", () => {
    expect(parseDsn(`https://${KEY}@tether.example.com/42`)).toEqual({ publicKey: KEY, ingestId: 42 });
    expect(parseDsn(`http://${KEY}:secret@localhost:3000/tether/7/`)).toEqual({ publicKey: KEY, ingestId: 7 });
    expect(parseDsn(`https://${KEY}@tether.example.com/`)).toEqual({ publicKey: KEY, ingestId: null });
    expect(statusOf(() => parseDsn("not a dsn"))).toBe(401);
    expect(statusOf(() => parseDsn("https://tether.example.com/42"))).toBe(401);
  });

  it("answers any header or DSN with a key or a 401, never anything else", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const action of [() => parseSentryAuthHeader(text), () => parseSentryAuthHeader(`Sentry ${text}`), () => parseDsn(text)]) {
          expect(["ok", 401]).toContain(statusOf(action));
        }
      }),
      { numRuns: 500 },
    );
  });
});
