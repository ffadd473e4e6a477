import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError as ApiError } from "@/lib/errors";
import { parseJsonText } from "@/lib/input/request-body";
import { rejectUnstorableRequestParts } from "@/lib/input/unstorable-input";
import { findUnstorableText } from "@/lib/text/unstorable-text";

const BAD = ["\u0000", "\ud800", "\udfff", "x\udc00y"];

function apiError(run: () => unknown): ApiError | null {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  return null;
}

describe("defect 9: text PostgreSQL cannot store", () => {
  it("finds NUL and unpaired surrogates in any string or key, naming its path", () => {
    expect(findUnstorableText({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toBe("a.1.c");
    expect(findUnstorableText({ fields: { ["k\ud800"]: "v" } })).toBe("fields.k\ud800");
    expect(findUnstorableText("\udc00")).toBe("");
    expect(findUnstorableText({ emoji: "😀 \ud83d\ude00", n: 1, t: true, z: null })).toBeNull();
  });

  it("agrees with PostgreSQL's rules for every JSON value: well-formed text passes, one bad character anywhere is found", () => {
    fc.assert(
      // JSON.stringify escapes exactly NUL and unpaired surrogates as \u0000 / \udxxx (pairs stay raw): an independent oracle.
      fc.property(fc.jsonValue().filter((value) => !/\\u0000|\\ud[89a-f]/.test(JSON.stringify(value))), fc.constantFrom(...BAD), fc.nat(), (clean, bad, seed) => {
        expect(findUnstorableText(clean)).toBeNull();
        const text = JSON.stringify(clean);
        const strings = [...text.matchAll(/"(?:[^"\\]|\\.)*"/g)];
        if (strings.length === 0) return;
        const target = strings[seed % strings.length];
        const at = target.index + 1;
        const poisoned = text.slice(0, at) + JSON.stringify(bad).slice(1, -1) + text.slice(at);
        expect(findUnstorableText(JSON.parse(poisoned) as unknown)).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("walks a deeply nested body without exhausting the stack", () => {
    const depth = 200_000;
    const nested = JSON.parse(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`) as unknown;
    expect(findUnstorableText(nested)).toBe(Array.from({ length: depth }, () => "0").join("."));
  });

  it("answers 400 invalid_characters for a JSON body, naming the field", () => {
    const error = apiError(() => parseJsonText('{"name":"ok","scopes":["a\\u0000"]}'));
    expect(error).toMatchObject({ status: 400, code: "invalid_characters" });
    expect(error?.message).toContain('"scopes.0"');
    expect(apiError(() => parseJsonText('{"k\\ud800":1}'))).toMatchObject({ status: 400, code: "invalid_characters" });
    expect(parseJsonText('{"message":"a\\u0000b"}', { allowUnstorableText: true })).toEqual({ message: "a\u0000b" });
  });

  it("answers 400 for route and query parameters that are malformed or decode to NUL", () => {
    const check = (url: string, params: Record<string, string | string[]> = {}) => apiError(() => rejectUnstorableRequestParts(new Request(url), params));
    expect(check("https://t.test/api/x?q=a%20b&r=%F0%9F%98%80+c", { id: "abc" })).toBeNull();
    expect(check("https://t.test/api/x?q=a%00b")).toMatchObject({ status: 400, code: "invalid_characters", details: { location: "query", field: "q" } });
    expect(check("https://t.test/api/x?q=%ED%A0%80")).toMatchObject({ status: 400, code: "invalid_characters" });
    expect(check("https://t.test/api/x?q=100%")).toMatchObject({ status: 400, code: "invalid_characters" });
    expect(check("https://t.test/api/a%00b")).toMatchObject({ status: 400, code: "invalid_characters", details: { location: "path" } });
    expect(check("https://t.test/api/x", { groupId: "g\u0000" })).toMatchObject({ status: 400, details: { location: "path", field: "groupId" } });
    expect(check("https://t.test/api/x", { slug: ["a", "\ud800"] })).toMatchObject({ status: 400, details: { location: "path", field: "slug" } });
  });
});
