import { describe, expect, it } from "vitest";
import { eventTags, summarizeTags } from "./tag-summary";

describe("summarizeTags", () => {
  it("counts values per key, most frequent first, keys in name order", () => {
    const events = [
      { tags: { browser: "Chrome", os: "Linux" }, environment: "production", release: "1.0.0" },
      { tags: { browser: "Chrome" }, environment: "production", release: "1.0.1" },
      { tags: { browser: "Firefox" }, environment: "staging", release: null },
    ];
    expect(summarizeTags(events)).toEqual([
      { key: "browser", total: 3, values: [{ value: "Chrome", count: 2 }, { value: "Firefox", count: 1 }] },
      { key: "environment", total: 3, values: [{ value: "production", count: 2 }, { value: "staging", count: 1 }] },
      { key: "os", total: 1, values: [{ value: "Linux", count: 1 }] },
      { key: "release", total: 2, values: [{ value: "1.0.0", count: 1 }, { value: "1.0.1", count: 1 }] },
    ]);
  });

  it("keeps only the top values of a key", () => {
    const events = ["a", "b", "b", "c", "c", "c"].map((v) => ({ tags: { k: v }, environment: null, release: null }));
    expect(summarizeTags(events, 2)[0]).toEqual({ key: "k", total: 6, values: [{ value: "c", count: 3 }, { value: "b", count: 2 }] });
  });

  it("ignores tags that are not string values and stored tags that are not an object", () => {
    expect(eventTags({ tags: { n: 1, s: "x", o: { a: 1 } }, environment: null, release: null })).toEqual({ s: "x" });
    expect(eventTags({ tags: ["a"], environment: "prod", release: null })).toEqual({ environment: "prod" });
    expect(eventTags({ tags: null, environment: null, release: null })).toEqual({});
  });

  it("lets a sent environment tag win over the column", () => {
    expect(eventTags({ tags: { environment: "canary" }, environment: "production", release: null })).toEqual({ environment: "canary" });
  });
});
