import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatShortId, parseShortId } from "./short-id";

describe("short ids", () => {
  it("formats the project slug upper-cased with the number in base 36", () => {
    expect(formatShortId("api", 1)).toBe("API-1");
    expect(formatShortId("api", 51)).toBe("API-1F");
    expect(formatShortId("web-shop", 36)).toBe("WEB-SHOP-10");
  });

  it("parses what it formats, in any case, including slugs with dashes", () => {
    expect(parseShortId("API-1F")).toEqual({ projectSlug: "api", shortId: 51 });
    expect(parseShortId(" web-shop-10 ")).toEqual({ projectSlug: "web-shop", shortId: 36 });
    expect(parseShortId(formatShortId("worker", 1234))).toEqual({ projectSlug: "worker", shortId: 1234 });
  });

  it("is null for text that is not a short id", () => {
    expect(parseShortId("TypeError")).toBeNull();
    expect(parseShortId("cannot read properties")).toBeNull();
    expect(parseShortId("API-0")).toBeNull();
    expect(parseShortId("-12")).toBeNull();
  });

  it("defect 7: only ever yields a number PostgreSQL's integer column can hold", () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,10}-[0-9a-zA-Z]{1,8}$/));
    fc.assert(
      fc.property(text, (query) => {
        const parsed = parseShortId(query);
        if (parsed) expect(Number.isInteger(parsed.shortId) && parsed.shortId >= 1 && parsed.shortId <= 2_147_483_647).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("defect 7: parses every short id it can format, up to the largest integer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/), fc.integer({ min: 1, max: 2_147_483_647 }), (slug, shortId) => {
        expect(parseShortId(formatShortId(slug, shortId))).toEqual({ projectSlug: slug, shortId });
      }),
    );
    expect(parseShortId("payment-service")).toBeNull();
    expect(parseShortId("api-zik0zk")).toBeNull();
  });
});
