import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { prepareEvent, type IngestEventInput } from "@/lib/domain/events/prepare-event";
import { PAYLOAD_BOUNDS } from "./bound-payload";
import { normalizeSentryEvent } from "./sentry-event";

// Hostile shapes an SDK endpoint can receive within its body limit (1 MiB of JSON): nesting deep
// enough to overflow a recursive serializer, arrays and objects wide enough to make per-item work
// add up, and placeholders that multiply one large param. Each must normalize quickly into a
// bounded event, or be refused with a 400 — never a 500.

const MESSAGE_MAX = 8192;
const ONE_MIB = 1024 * 1024;

/** `[[[…value…]]]` `depth` levels deep, built as JSON text and parsed, as the endpoints receive it. */
const deepArray = (depth: number, value = "1") => JSON.parse(`${"[".repeat(depth)}${value}${"]".repeat(depth)}`) as unknown;
const deepObject = (depth: number, key = "a") => JSON.parse(`${`{"${key}":`.repeat(depth)}1${"}".repeat(depth)}`) as unknown;

function normalizeOr400(payload: unknown): IngestEventInput | undefined {
  try {
    return normalizeSentryEvent(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return undefined;
  }
}

function timed(payload: unknown): { event: IngestEventInput | undefined; ms: number } {
  const started = performance.now();
  const event = normalizeOr400(payload);
  return { event, ms: performance.now() - started };
}

function expectBounded(event: IngestEventInput | undefined) {
  expect(event).toBeDefined();
  if (!event) return;
  expect(event.message === undefined || event.message.length <= MESSAGE_MAX).toBe(true);
  expect((event.title ?? "").length).toBeLessThanOrEqual(1024);
  expect(Buffer.byteLength(JSON.stringify(event.payload ?? null))).toBeLessThanOrEqual(PAYLOAD_BOUNDS.maxBytes);
  expect(JSON.stringify(event.groupingParts).length).toBeLessThan(ONE_MIB);
  expect(() => prepareEvent(event, new Date())).not.toThrow();
}

describe("normalizeSentryEvent on hostile logentry params", () => {
  it("formats a param nested 5,000 deep without overflowing the stack", () => {
    const { event } = timed({ logentry: { message: "%s", params: [deepArray(5000)] } });
    expectBounded(event);
    expect(event?.message).toMatch(/^\[\[\[/);
  });

  it("formats deep objects and deep named params", () => {
    expectBounded(normalizeOr400({ logentry: { message: "got %(a)s and %s", params: { a: deepObject(5000) } } }));
    expectBounded(normalizeOr400({ message: { message: "%s %r %d", params: [deepObject(5000), deepArray(5000), deepArray(3000, '"x"')] } }));
  });

  it("stops formatting at the message bound when placeholders repeat a large param", () => {
    const big = "x".repeat(100_000);
    const { event, ms } = timed({ logentry: { message: "%(a)s".repeat(1000), params: { a: big } } });
    expectBounded(event);
    expect(event?.message?.length).toBe(MESSAGE_MAX);
    expect(event?.message?.endsWith("…")).toBe(true);
    expect(ms).toBeLessThan(50);
  });

  it("stops formatting a huge template or many params at the bound", () => {
    const params = Array.from({ length: 100_000 }, (_, i) => ({ i, list: [i, i, i] }));
    const { event, ms } = timed({ logentry: { message: "%s ".repeat(100_000), params } });
    expectBounded(event);
    expect(event?.message?.length).toBe(MESSAGE_MAX);
    expect(ms).toBeLessThan(200);
  });

  it("writes a wide param only as far as the bound", () => {
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`key${i}`, "v".repeat(10)]));
    const { event } = timed({ logentry: { message: "%s", params: [wide, Array.from({ length: 50_000 }, (_, i) => i)] } });
    expectBounded(event);
    expect(event?.message?.startsWith('{"key0":"vvvvvvvvvv","key1"')).toBe(true);
  });

  it("still formats ordinary params as before", () => {
    const event = normalizeOr400({ logentry: { message: "user %s has %d items in %s; 100%% done %(x)s", params: ["ana", 3, { a: [1, null, true] }] } });
    expect(event?.message).toBe('user ana has 3 items in {"a":[1,null,true]}; 100% done %(x)s');
    expect(normalizeOr400({ logentry: { message: "%(who)s paid %(sum)s", params: { who: "ana", sum: 12.5 } } })?.message).toBe("ana paid 12.5");
  });
});

// A mutation of an ordinary event where one place holds something huge, deep or wide. The
// arbitraries yield recipes, built inside the property, so a counterexample prints as a recipe
// (fast-check's own printer would overflow on the value).
type Recipe = [kind: "deepArray" | "deepObject" | "frames" | "keys" | "lines" | "pairs", size: number];
const build = ([kind, n]: Recipe): unknown =>
  kind === "deepArray" ? deepArray(n)
  : kind === "deepObject" ? deepObject(n)
  : kind === "frames" ? Array.from({ length: n }, (_, i) => ({ function: `f${i}`, filename: `a${i}.js`, in_app: i % 2 === 0, value: "%s" }))
  : kind === "keys" ? Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i % 3 === 0 ? "%s" : [i]]))
  : kind === "lines" ? "%s\n".repeat(n)
  : Array.from({ length: n }, () => ["password", "x"]);
const hostileValue = fc.oneof(
  fc.tuple(fc.constant("deepArray" as const), fc.integer({ min: 1000, max: 20_000 })),
  fc.tuple(fc.constant("deepObject" as const), fc.integer({ min: 1000, max: 20_000 })),
  fc.tuple(fc.constant("frames" as const), fc.integer({ min: 5_000, max: 15_000 })),
  fc.tuple(fc.constant("keys" as const), fc.integer({ min: 10_000, max: 50_000 })),
  fc.tuple(fc.constant("lines" as const), fc.integer({ min: 30_000, max: 340_000 })),
  fc.tuple(fc.constant("pairs" as const), fc.integer({ min: 10_000, max: 60_000 })),
);
const places: ((v: unknown) => Record<string, unknown>)[] = [
  (v) => ({ logentry: { message: "%s %s %(a)s", params: [v, v] } }),
  (v) => ({ logentry: { message: "%(a)s%(a)s", params: { a: v } } }),
  (v) => ({ message: v }),
  (v) => ({ logentry: { message: typeof v === "string" ? v : "%s", params: [v] } }),
  (v) => ({ exception: { values: Array.isArray(v) ? v : [{ type: "E", value: v, stacktrace: { frames: v } }] } }),
  (v) => ({ exception: { values: [{ type: "E", stacktrace: { frames: v } }] } }),
  (v) => ({ threads: { values: [{ crashed: true, stacktrace: { frames: v } }] }, message: "m" }),
  (v) => ({ tags: v, fingerprint: v, user: v, release: v, environment: v, transaction: v }),
  (v) => ({ request: { headers: v, data: v, query_string: v, cookies: v }, extra: v, contexts: { app: v } }),
  (v) => ({ breadcrumbs: { values: Array.isArray(v) ? v : [{ data: v }] } }),
  (v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>), message: "m" } : { extra: v }),
];

describe("normalizeSentryEvent on deep and wide input", () => {
  it("finishes quickly and never throws anything but a 400", () => {
    const slowest: number[] = [];
    fc.assert(
      fc.property(hostileValue, fc.nat(places.length - 1), (recipe: Recipe, place) => {
        const payload = places[place](build(recipe));
        const { event, ms } = timed(payload);
        slowest.push(ms);
        if (event) expectBounded(event);
      }),
      { numRuns: 60 },
    );
    slowest.sort((a, b) => a - b);
    // The median is under a millisecond; the worst (one pass over a 45,000-key object, which V8
    // enumerates slowly) is some 10 ms on an idle machine and gets the margin a loaded one needs.
    expect(slowest[Math.floor(slowest.length / 2)]).toBeLessThan(50);
    expect(slowest[slowest.length - 1]).toBeLessThan(500);
  });
});
