import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundPayload, PAYLOAD_BOUNDS, storableText, truncateText } from "./bound-payload";

type Json = Record<string, unknown>;

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe("boundPayload", () => {
  it("keeps a normal event as it is", () => {
    const event = { event_id: "a".repeat(32), level: "error", exception: { values: [{ type: "E", value: "v", stacktrace: { frames: [{ function: "f", lineno: 1 }] } }] }, extra: { n: 1.5, ok: true, nil: null } };
    expect(boundPayload(event)).toEqual(event);
  });

  it("keeps the innermost frames, the latest breadcrumbs and a few debug images", () => {
    const frames = Array.from({ length: 400 }, (_, i) => ({ function: `f${i}` }));
    const crumbs = Array.from({ length: 300 }, (_, i) => ({ message: `c${i}` }));
    const images = Array.from({ length: 40 }, (_, i) => ({ code_file: `lib${i}.so` }));
    const out = boundPayload({ exception: { values: [{ stacktrace: { frames } }] }, breadcrumbs: { values: crumbs }, debug_meta: { images } }) as Json;
    const kept = ((out.exception as Json).values as Json[])[0].stacktrace as { frames: Json[] };
    expect(kept.frames).toHaveLength(PAYLOAD_BOUNDS.maxFrames);
    expect(kept.frames.at(-1)).toEqual({ function: "f399" });
    const keptCrumbs = (out.breadcrumbs as { values: Json[] }).values;
    expect(keptCrumbs).toHaveLength(PAYLOAD_BOUNDS.maxBreadcrumbs);
    expect(keptCrumbs.at(-1)).toEqual({ message: "c299" });
    expect((out.debug_meta as { images: unknown[] }).images).toHaveLength(PAYLOAD_BOUNDS.maxDebugImages);
    // Older SDKs send breadcrumbs as a bare list.
    expect((boundPayload({ breadcrumbs: crumbs }) as { breadcrumbs: Json[] }).breadcrumbs.at(-1)).toEqual({ message: "c299" });
  });

  it("cuts long strings, deep nesting and wide objects", () => {
    let deep: Json = { leaf: 1 };
    for (let i = 0; i < 40; i += 1) deep = { deep };
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const out = boundPayload({ message: "x".repeat(20_000), extra: { deep, wide } }) as Json;
    expect((out.message as string).length).toBe(PAYLOAD_BOUNDS.maxString);
    expect(JSON.stringify(out.extra)).toContain("[depth limit]");
    expect(Object.keys((out.extra as { wide: Json }).wide)).toHaveLength(PAYLOAD_BOUNDS.maxMembers);
  });

  it("filters cookies and credential headers in both header forms", () => {
    const out = boundPayload({
      request: { url: "https://x/", cookies: "a=b", headers: { Authorization: "Bearer t", "X-Api-Key": "k", Accept: "*/*" } },
    }) as { request: Json };
    expect(out.request).toEqual({ url: "https://x/", cookies: "[Filtered]", headers: { Authorization: "[Filtered]", "X-Api-Key": "[Filtered]", Accept: "*/*" } });
    const pairs = boundPayload({ request: { headers: [["Cookie", "s=1"], ["Accept", "*/*"]] } }) as { request: Json };
    expect(pairs.request.headers).toEqual([["Cookie", "[Filtered]"], ["Accept", "*/*"]]);
  });

  it("puts what the event page needs first when the budget runs out", () => {
    const bounds = { ...PAYLOAD_BOUNDS, maxBytes: 2048 };
    const out = boundPayload({ modules: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`pkg${i}`, "1.0.0"])), exception: { values: [{ type: "E" }] } }, bounds) as Json;
    expect(out.exception).toEqual({ values: [{ type: "E" }] });
    expect(size(out)).toBeLessThanOrEqual(2048);
  });

  it("replaces text PostgreSQL cannot store and never splits a surrogate pair", () => {
    expect(boundPayload({ "k\u0000": "a\u0000\ud800b", ok: "😀" })).toEqual({ "k\ufffd": "a\ufffd\ufffdb", ok: "😀" });
    expect(storableText("\udc00\ud83d\ude00\ud83d")).toBe("\ufffd😀\ufffd");
    expect(truncateText("ab😀cd", 4)).toBe("ab…");
  });

  it("stays within its byte bound for any input", () => {
    const big = fc.oneof(fc.string({ unit: "binary", maxLength: 3000 }), fc.string({ unit: "grapheme", maxLength: 3000 }), fc.double(), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "medium" }, big, tie("array"), tie("object")),
      array: fc.array(tie("value"), { maxLength: 40 }),
      object: fc.dictionary(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.constantFrom("frames", "breadcrumbs", "request", "headers", "values", "images")), tie("value"), { maxKeys: 40 }),
    })).value;
    fc.assert(
      fc.property(tree, fc.integer({ min: 16, max: 64 * 1024 }), (payload, maxBytes) => {
        const out = boundPayload(payload, { ...PAYLOAD_BOUNDS, maxBytes, maxString: 2000 });
        expect(size(out)).toBeLessThanOrEqual(maxBytes);
        expect(JSON.stringify(out)).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
      }),
      { numRuns: 300 },
    );
  });

  it("bounds a huge realistic payload to 256 KiB", () => {
    const frame = { filename: "/srv/app/x.js", function: "f", pre_context: Array(5).fill("y".repeat(8000)), context_line: "z".repeat(8000) };
    const huge = { exception: { values: Array.from({ length: 10 }, () => ({ type: "E", stacktrace: { frames: Array(250).fill(frame) } })) }, extra: { blob: "b".repeat(1 << 20) } };
    const out = boundPayload(huge);
    expect(size(out)).toBeLessThanOrEqual(PAYLOAD_BOUNDS.maxBytes);
    expect(size(out)).toBeGreaterThan(PAYLOAD_BOUNDS.maxBytes - 64 * 1024);
  });
});
