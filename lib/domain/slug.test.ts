import { describe, expect, it } from "vitest";
import { firstFreeSlug, slugSchema, slugify } from "./slug";

describe("slugify", () => {
  it("lower-cases, folds accents and joins words with single dashes", () => {
    expect(slugify("Acme Café  Backend!")).toBe("acme-cafe-backend");
    expect(slugify("  --API v2 -- ")).toBe("api-v2");
    expect(slugify("Ünïcödé_Names.js")).toBe("unicode-names-js");
  });

  it("gives an empty slug for a name without letters or digits", () => {
    expect(slugify("!!! ???")).toBe("");
  });

  it("keeps within the length limit and never ends with a dash", () => {
    const slug = slugify(`${"a".repeat(49)} b`);
    expect(slug).toBe("a".repeat(49));
    expect(slugify("abc def", 4)).toBe("abc");
  });
});

describe("firstFreeSlug", () => {
  it("suffixes -2, -3, … until free", () => {
    expect(firstFreeSlug("api", new Set())).toBe("api");
    expect(firstFreeSlug("api", new Set(["api"]))).toBe("api-2");
    expect(firstFreeSlug("api", new Set(["api", "api-2", "api-3"]))).toBe("api-4");
  });

  it("shortens the base so the suffix fits", () => {
    const base = "x".repeat(50);
    expect(firstFreeSlug(base, new Set([base]))).toBe(`${"x".repeat(48)}-2`);
  });
});

describe("slugSchema", () => {
  it("accepts slugs and refuses anything else", () => {
    expect(slugSchema.parse(" acme-2 ")).toBe("acme-2");
    for (const bad of ["", "Acme", "a_b", "-a", "a--b", "a".repeat(51)]) expect(slugSchema.safeParse(bad).success).toBe(false);
  });
});
