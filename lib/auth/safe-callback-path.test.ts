import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-path";

const ORIGIN = "https://tether.test";

/** What every answer must be: "/" or a local path, which a browser resolves on this origin. */
function assertLocal(result: string): void {
  expect(result === "/" || /^\/[^/\\]/.test(result), result).toBe(true);
  expect(new URL(result, ORIGIN).origin, result).toBe(ORIGIN);
  expect(new URL(result, `${ORIGIN}/o/acme/groups`).origin, result).toBe(ORIGIN);
}

// Pieces attackers combine: separators, their encodings, dot segments, schemes and hosts.
const hostilePiece = fc.constantFrom(
  "/", "\\", "%2F", "%2f", "%5C", "%5c", "%252F", "%255C", ".", "..", "%2e", "%2E%2E", "evil.com", "tether.test", "http:", "https:",
  "javascript:", "//", "@", ":", "\t", "\n", "\r", " ", "\u0000", "%00", "%09", "?", "#", "%", "%E0%A4%A", "\u3002", "\uFF0F", "a",
);
const hostileString = fc.array(hostilePiece, { maxLength: 12 }).map((pieces) => pieces.join(""));

describe("safeCallbackPath", () => {
  it("defect 5: for any string the answer is '/' or a same-origin path", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), hostileString, hostileString.map((s) => `/${s}`), fc.webUrl()), (raw) => {
        assertLocal(safeCallbackPath(raw));
        assertLocal(safeCallbackPath(raw, [ORIGIN]));
      }),
      { numRuns: 2000 },
    );
  });

  it("defect 5: absolute URLs of this origin, composed with hostile paths, still stay local", () => {
    fc.assert(
      fc.property(hostileString, (path) => {
        assertLocal(safeCallbackPath(`${ORIGIN}/${path}`, [ORIGIN]));
        assertLocal(safeCallbackPath(`${ORIGIN}${path}`, [ORIGIN]));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    "http://tether.invalid//evil.com",
    `${ORIGIN}//evil.com`,
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\/evil.com",
    "/%2F%2Fevil.com",
    "/%2f/evil.com",
    "/%5Cevil.com",
    "/%252F%252Fevil.com",
    "/\t/evil.com",
    "/.//evil.com",
    "/a/..//evil.com",
    "/%2e%2e//evil.com",
    "https://evil.com/o/acme",
    "javascript:alert(1)",
    "evil.com",
    "",
  ])("defect 5: %j gives '/'", (raw) => {
    expect(safeCallbackPath(raw, [ORIGIN])).toBe("/");
  });

  it("keeps this site's paths, with their query and hash", () => {
    expect(safeCallbackPath("/o/acme/groups?query=is%3Aunresolved#top")).toBe("/o/acme/groups?query=is%3Aunresolved#top");
    expect(safeCallbackPath("/jira/link?token=a.b.c")).toBe("/jira/link?token=a.b.c");
    expect(safeCallbackPath(`${ORIGIN}/o/acme/groups?x=1`, [ORIGIN])).toBe("/o/acme/groups?x=1");
    expect(safeCallbackPath(["/o/acme", "/other"])).toBe("/o/acme");
    expect(safeCallbackPath(`${ORIGIN}/o/acme`)).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
  });
});
