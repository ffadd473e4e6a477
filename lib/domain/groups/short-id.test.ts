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
});
