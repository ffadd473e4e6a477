import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { computeFingerprint } from "@/lib/domain/events/fingerprint";
import { prepareEvent, type IngestEventInput } from "@/lib/domain/events/prepare-event";
import { eventInputSchema } from "@/lib/domain/events/schema";
import { PAYLOAD_BOUNDS } from "./bound-payload";
import { normalizeSentryEvent } from "./sentry-event";
import { frameFunction, moduleFromFilename } from "./sentry-grouping";

type Json = Record<string, unknown>;

const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8")) as Json;

const fingerprintOf = (input: IngestEventInput) => prepareEvent(input, new Date()).fingerprint;
const groupOf = (payload: unknown) => fingerprintOf(normalizeSentryEvent(payload));

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function unstorable(value: unknown): boolean {
  if (typeof value === "string") return UNSTORABLE.test(value);
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(value).some(([key, item]) => UNSTORABLE.test(key) || unstorable(item));
}

/** What the JSON API would accept of it, and what only SDK events carry is storable too. */
function expectIngestible(input: IngestEventInput) {
  const { platform, transaction, payload, groupingParts, timestamp, ...eventInput } = input;
  expect(eventInputSchema.safeParse({ ...eventInput, timestamp: timestamp?.toISOString() }).error).toBeUndefined();
  expect(unstorable(input)).toBe(false);
  expect(platform === undefined || platform.length <= 64).toBe(true);
  expect(transaction === undefined || transaction.length <= 512).toBe(true);
  expect(Buffer.byteLength(JSON.stringify(payload ?? null))).toBeLessThanOrEqual(PAYLOAD_BOUNDS.maxBytes);
  expect(groupingParts?.length).toBeGreaterThan(0);
  expect(() => prepareEvent(input, new Date())).not.toThrow();
}

/** A Node-style error event thrown from `frames` (outermost first). */
function nodeError(type: string, value: string, frames: [fn: string, line: number][], extra: Json = {}): Json {
  return {
    platform: "node",
    exception: {
      values: [
        {
          type,
          value,
          stacktrace: {
            frames: [
              { filename: "node:internal/process/task_queues", module: "task_queues", function: "process.processTicksAndRejections", lineno: 95, in_app: false },
              ...frames.map(([fn, line]) => ({ filename: "/srv/shop/src/orders.js", module: "orders", function: fn, lineno: line, colno: 7, in_app: true })),
            ],
          },
          mechanism: { type: "generic", handled: true },
        },
      ],
    },
    ...extra,
  };
}

describe("normalizeSentryEvent on real SDK payloads", () => {
  it("maps a @sentry/node exception with its cause chain", () => {
    const event = normalizeSentryEvent(fixture("sentry-node-chained-cause"));
    expectIngestible(event);
    expect(event).toMatchObject({
      eventId: "308f9af694164c3c8cf60d9394252184",
      level: "error",
      title: "Error: Order 991 could not be loaded",
      exception: { type: "Error", value: "Order 991 could not be loaded" },
      culprit: "capture-node in loadOrder",
      release: "shop@1.4.2",
      environment: "production",
      platform: "node",
      tags: { region: "eu-west-1" },
      user: { id: "17", email: "ann@example.com", ipAddress: "203.0.113.9" },
    });
    expect(event.stacktrace?.frames.at(-1)).toEqual({ filename: "/srv/shop/lib/intake/fixtures/capture-node.mjs", function: "loadOrder", lineno: 43, colno: 11, inApp: true });
    expect(event.timestamp?.toISOString()).toBe("2026-11-26T04:04:35.667Z");
    // The chain stays in the payload for the event page; both exceptions group.
    const payload = event.payload as Json;
    expect((payload.exception as { values: unknown[] }).values).toHaveLength(2);
    expect(event.groupingParts?.filter((part) => part.startsWith("type:"))).toEqual(["type:SyntaxError", "type:Error"]);
  });

  it("shows and groups @sentry/node's captureMessage (a synthetic exception) as a message", () => {
    const event = normalizeSentryEvent(fixture("sentry-node-message"));
    expectIngestible(event);
    expect(event).toMatchObject({ level: "warning", title: "Payment 4411 retried 3 times", message: "Payment 4411 retried 3 times", exception: undefined });
    expect(event.stacktrace?.frames).toHaveLength(1);
    expect(event.groupingParts).toEqual(["message", "Payment <num> retried <num> times"]);
  });

  it("takes the transaction as culprit and keeps the custom fingerprint with {{ default }}", () => {
    const payload = fixture("sentry-node-custom-fingerprint");
    const event = normalizeSentryEvent(payload);
    expectIngestible(event);
    expect(event).toMatchObject({ culprit: "POST /checkout", transaction: "POST /checkout", fingerprint: ["{{ default }}", "checkout"], tags: { region: "eu-west-1", flow: "checkout" } });
    expect(groupOf(payload)).not.toBe(groupOf({ ...payload, fingerprint: undefined }));
    expect(groupOf(payload)).toBe(groupOf({ ...payload, fingerprint: ["{{default}}", "checkout"] }));
  });

  it("makes two groups of the same @sentry/node error raised from two call sites", () => {
    const a = normalizeSentryEvent(fixture("sentry-node-call-site-a"));
    const b = normalizeSentryEvent(fixture("sentry-node-call-site-b"));
    expect(a.title).toBe("PaymentDeclined: Card declined for order 1001");
    expect(a.culprit).toBe(b.culprit);
    expect(fingerprintOf(a)).not.toBe(fingerprintOf(b));
  });

  it("maps a browser event: module made from the bundle URL, breadcrumbs, request, {{auto}} ip", () => {
    const event = normalizeSentryEvent(fixture("sentry-browser-exception"));
    expectIngestible(event);
    expect(event).toMatchObject({
      title: "TypeError: Cannot read properties of undefined (reading 'price')",
      culprit: "/checkout",
      user: { id: "u_5512" },
      tags: { browser: "Chrome 131", "page.locale": "de-DE" },
      platform: "javascript",
    });
    expect(event.user).not.toHaveProperty("ipAddress");
    expect(event.groupingParts).toEqual(["exception", "type:TypeError", "frame:static/js/main:onCheckoutClick", "frame:static/js/main:renderTotal"]);
    // A new deploy changes the bundle hash, not the group.
    const redeployed = JSON.parse(JSON.stringify(fixture("sentry-browser-exception")).replaceAll("main.9f8e7d6c.js?v=281", "main.0a1b2c3d.js?v=282")) as Json;
    expect(groupOf(redeployed)).toBe(groupOf(fixture("sentry-browser-exception")));
    expect(((event.payload as Json).request as Json).url).toBe("https://shop.example.com/checkout?step=2");
  });

  it("maps a Python event: UUID event id, ISO timestamp, tag pairs, filtered credentials", () => {
    const event = normalizeSentryEvent(fixture("sentry-python-exception"));
    expectIngestible(event);
    expect(event).toMatchObject({
      eventId: "3f9b6a2e1c4d4e8f9a0b1c2d3e4f5a6b",
      title: "InvoiceNotFound: Invoice 7731 not found",
      culprit: "billing.views.invoice_detail",
      release: "billing-api@5.1.0",
      tags: { tenant: "acme", "http.status_code": "500", bad_key: "x" },
      user: { id: "88", username: "maria", ipAddress: "198.51.100.23" },
    });
    expect(event.timestamp?.toISOString()).toBe("2026-11-26T04:05:10.123Z");
    expect(event.groupingParts).toEqual([
      "exception",
      "type:KeyError",
      "frame:billing.services:load_invoice",
      "type:InvoiceNotFound",
      "frame:billing.views:invoice_detail",
      "frame:billing.services:load_invoice",
    ]);
    const request = (event.payload as Json).request as Json;
    expect(request.cookies).toBe("[Filtered]");
    expect(request.headers).toEqual({ Host: "billing.example.com", Authorization: "[Filtered]", Cookie: "[Filtered]", "User-Agent": "curl/8.5.0" });
  });

  it("maps a Python logging event: logentry formatted, grouped by its template, frames from the thread", () => {
    const event = normalizeSentryEvent(fixture("sentry-python-logentry"));
    expectIngestible(event);
    expect(event).toMatchObject({ level: "warning", title: "Retrying invoice 7731 for the 3rd time", message: "Retrying invoice 7731 for the 3rd time", culprit: "billing.jobs in retry_invoices" });
    expect(event.timestamp?.toISOString()).toBe("2026-11-26T04:06:00.000Z");
    expect(event.stacktrace?.frames.map((f) => f.function)).toEqual(["retry_invoices", "warning"]);
    expect(event.groupingParts).toEqual(["message", "Retrying invoice %s for the %s time"]);
  });
});

describe("normalizeSentryEvent field by field", () => {
  const base = { exception: { values: [{ type: "E", value: "v" }] } };

  it("refuses only what is not an event object", () => {
    for (const bad of [null, [], "x", 3, true]) {
      expect(() => normalizeSentryEvent(bad)).toThrow(expect.objectContaining({ status: 400 }) as AppError);
    }
    expect(normalizeSentryEvent({}).title).toBe("<unlabeled event>");
  });

  it("reads the legacy exception forms and takes the last exception as the raised one", () => {
    expect(normalizeSentryEvent({ exception: [{ type: "A" }, { type: "B", value: "b" }] }).title).toBe("B: b");
    expect(normalizeSentryEvent({ exception: { type: "C", value: "c" } }).title).toBe("C: c");
    expect(normalizeSentryEvent({ exception: { values: [{ value: "no type" }] } }).title).toBe("Error: no type");
    expect(normalizeSentryEvent({ exception: { values: [{ module: "app.errors" }] } }).title).toBe("app.errors");
    expect(normalizeSentryEvent({ exception: { values: [{ type: "T", value: "first line\nsecond" }] } }).title).toBe("T: first line");
    const long = normalizeSentryEvent({ exception: { values: Array.from({ length: 100 }, (_, i) => ({ type: `E${i}` })) } });
    expect(long.title).toBe("E99");
    expect(long.groupingParts?.filter((part) => part.startsWith("type:"))).toHaveLength(25);
  });

  it("finds frames on the exception, at the top level, or on a thread, keeping the innermost 250", () => {
    const frames = Array.from({ length: 300 }, (_, i) => ({ function: `f${i}`, lineno: i, in_app: true }));
    const top = normalizeSentryEvent({ ...base, stacktrace: { frames } });
    expect(top.stacktrace?.frames).toHaveLength(250);
    expect(top.stacktrace?.frames.at(-1)?.function).toBe("f299");
    const thread = normalizeSentryEvent({ message: "m", threads: { values: [{ stacktrace: { frames: [] } }, { crashed: true, stacktrace: { frames: [{ function: "boom", filename: "a.py" }] } }] } });
    expect(thread.stacktrace?.frames).toEqual([{ filename: "a.py", function: "boom" }]);
    // Frame fields Tether cannot hold are left out, not refused.
    const odd = normalizeSentryEvent({ ...base, stacktrace: { frames: [{ abs_path: "/x.js", lineno: -1, colno: 1.5, in_app: "yes", function: 7 }] } });
    expect(odd.stacktrace?.frames).toEqual([{ filename: "/x.js", function: "7" }]);
  });

  it("builds the culprit Sentry's way and prefers the transaction", () => {
    const frames = [
      { module: "app.views", function: "index", in_app: true },
      { module: "lib.http", function: "send", in_app: false },
    ];
    expect(normalizeSentryEvent({ ...base, stacktrace: { frames } }).culprit).toBe("app.views in index");
    expect(normalizeSentryEvent({ ...base, stacktrace: { frames: [frames[1]] } }).culprit).toBe("lib.http in send");
    expect(normalizeSentryEvent({ ...base, transaction: "GET /", stacktrace: { frames } }).culprit).toBe("GET /");
  });

  it("reads message and logentry in their forms", () => {
    expect(normalizeSentryEvent({ message: "plain" }).message).toBe("plain");
    expect(normalizeSentryEvent({ message: { formatted: "done 5", message: "done %s", params: [5] } })).toMatchObject({ message: "done 5", groupingParts: ["message", "done %s"] });
    expect(normalizeSentryEvent({ logentry: { message: "a %s b %s 100%%", params: ["x", 2] } }).message).toBe("a x b 2 100%");
    expect(normalizeSentryEvent({ logentry: { message: "%(user)s left", params: { user: "ann" } } }).message).toBe("ann left");
    expect(normalizeSentryEvent({ message: "line one\nline two" }).title).toBe("line one");
  });

  it("maps levels with Sentry's aliases", () => {
    const level = (value: unknown) => normalizeSentryEvent({ message: "m", level: value }).level;
    expect([level("fatal"), level("critical"), level("warn"), level("WARNING"), level("log"), level("debug"), level("bogus"), level(3), level(undefined)]).toEqual([
      "fatal", "fatal", "warning", "warning", "info", "debug", "error", "error", "error",
    ]);
  });

  it("makes tags fit: sanitized keys, stringified values, 200 characters, at most 50", () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, "v"]));
    expect(Object.keys(normalizeSentryEvent({ message: "m", tags: many }).tags ?? {})).toHaveLength(50);
    const tags = normalizeSentryEvent({ message: "m", tags: { "a b": 1, ok: true, long: "x".repeat(500), nested: { a: 1 }, "": "x", "a-very-long-key-that-goes-on-and-on-and-on": "y" } }).tags;
    expect(tags).toEqual({ a_b: "1", ok: "true", long: `${"x".repeat(199)}…`, "a-very-long-key-that-goes-on-and": "y" });
  });

  it("maps the user and drops one with nothing usable", () => {
    expect(normalizeSentryEvent({ message: "m", user: { id: 5, ip_address: "10.0.0.1", segment: "x" } }).user).toEqual({ id: "5", ipAddress: "10.0.0.1" });
    expect(normalizeSentryEvent({ message: "m", user: { ip_address: "{{auto}}", data: {} } }).user).toBeUndefined();
    expect(normalizeSentryEvent({ message: "m", user: "ann" }).user).toBeUndefined();
  });

  it("reads timestamps, using the received time for unusable ones", () => {
    const at = (value: unknown) => normalizeSentryEvent({ message: "m", timestamp: value }).timestamp?.toISOString();
    expect(at(1795665858.288)).toBe("2026-11-26T04:04:18.288Z");
    expect(at("2026-11-26T04:04:18+02:00")).toBe("2026-11-26T02:04:18.000Z");
    expect(at("2026-11-26T04:04:18.5")).toBe("2026-11-26T04:04:18.500Z");
    expect([at(Date.now() / 1000 + 3 * 86400), at("yesterday"), at(-5), at(1e300), at(null)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("reads event ids, generating one for an invalid id", () => {
    const id = (value: unknown) => normalizeSentryEvent({ message: "m", event_id: value }).eventId;
    expect(id("ABCDEF0123456789ABCDEF0123456789")).toBe("abcdef0123456789abcdef0123456789");
    expect(id("3f9b6a2e-1c4d-4e8f-9a0b-1c2d3e4f5a6b")).toBe("3f9b6a2e1c4d4e8f9a0b1c2d3e4f5a6b");
    expect([id("xyz"), id(12), id("3f9b6a2e1c4d-4e8f9a0b1c2d3e4f5a6b")]).toEqual([undefined, undefined, undefined]);
  });

  it("reads fingerprints: numbers stringified, {{default}} recognized, empty means none", () => {
    expect(normalizeSentryEvent({ ...base, fingerprint: ["{{default}}", 42, "", "  "] }).fingerprint).toEqual(["{{ default }}", "42"]);
    expect(normalizeSentryEvent({ ...base, fingerprint: [] }).fingerprint).toBeUndefined();
    expect(normalizeSentryEvent({ ...base, fingerprint: "x" }).fingerprint).toBeUndefined();
  });

  it("sanitizes releases and text PostgreSQL cannot store", () => {
    expect(normalizeSentryEvent({ message: "m", release: "feature/login\nfix" }).release).toBe("feature-login fix");
    const event = normalizeSentryEvent({ message: "a\u0000b", exception: { values: [{ type: "E\ud800", value: "\udc00" }] }, tags: { k: "v\u0000" }, extra: { "\u0000": "\ud83d" } });
    expectIngestible(event);
    expect(event.exception).toEqual({ type: "E\ufffd", value: "\ufffd" });
  });
});

describe("Sentry-style grouping", () => {
  it("keeps one group across values and line numbers, and splits by call site and type", () => {
    const a = groupOf(nodeError("NotFound", "Order 17 not found", [["handle", 10], ["loadOrder", 20]]));
    expect(groupOf(nodeError("NotFound", "Order 99 not found", [["handle", 12], ["loadOrder", 31]]))).toBe(a);
    expect(groupOf(nodeError("NotFound", "Order 17 not found", [["refund", 10], ["loadOrder", 20]]))).not.toBe(a);
    expect(groupOf(nodeError("Timeout", "Order 17 not found", [["handle", 10], ["loadOrder", 20]]))).not.toBe(a);
  });

  it("uses in-app frames when there are any, else all frames, else the normalized value", () => {
    const withVendor = (vendor: string) => ({ exception: { values: [{ type: "E", stacktrace: { frames: [{ module: vendor, function: "run" }, { module: "app", function: "go", in_app: true }] } }] } });
    expect(groupOf(withVendor("express"))).toBe(groupOf(withVendor("koa")));
    const system = (fn: string) => ({ exception: { values: [{ type: "E", stacktrace: { frames: [{ module: "lib", function: fn }] } }] } });
    expect(groupOf(system("a"))).not.toBe(groupOf(system("b")));
    const bare = (value: string) => ({ exception: { values: [{ type: "E", value }] } });
    expect(groupOf(bare("User 3f2504e0-4f89-11d3-9a0c-0305e82c3301 has 3 items"))).toBe(groupOf(bare("User 0a2504e0-4f89-11d3-9a0c-0305e82c3309 has 12 items")));
    expect(groupOf(bare("User missing"))).not.toBe(groupOf(bare("Cart missing")));
  });

  it("groups messages by their normalized text or template", () => {
    expect(groupOf({ message: "Job 41 failed after 3.5s" })).toBe(groupOf({ message: "Job 977 failed after 12s" }));
    expect(groupOf({ logentry: { message: "Job %s failed", params: [1] } })).toBe(groupOf({ logentry: { message: "Job %s failed", params: ["abc"] } }));
    expect(groupOf({ message: "Job 41 failed" })).not.toBe(groupOf({ message: "Job 41 succeeded" }));
  });

  it("lets a custom fingerprint override, with {{ default }} standing for the default parts", () => {
    const a = nodeError("A", "x", [["f", 1]], { fingerprint: ["billing"] });
    const b = nodeError("B", "y", [["g", 2]], { fingerprint: ["billing"] });
    expect(groupOf(a)).toBe(groupOf(b));
    const d1 = normalizeSentryEvent(nodeError("A", "x", [["f", 1]], { fingerprint: ["{{ default }}", "eu"] }));
    const d2 = normalizeSentryEvent(nodeError("A", "x", [["f", 1]], { fingerprint: ["{{ default }}", "us"] }));
    expect(fingerprintOf(d1)).not.toBe(fingerprintOf(d2));
    expect(groupOf(nodeError("A", "x", [["f", 1]], { fingerprint: ["{{ default }}"] }))).toBe(groupOf(nodeError("A", "other 5", [["f", 9]])));
    expect(fingerprintOf(d1)).toBe(computeFingerprint({ fingerprint: ["{{ default }}", "eu"], defaultParts: d1.groupingParts }));
  });

  it("tells anonymous functions apart by their short source line", () => {
    const handler = (line: number, source: string) => ({
      exception: { values: [{ type: "E", stacktrace: { frames: [{ module: "routes", function: "Layer.?", lineno: line, context_line: source, in_app: true }] } }] },
    });
    const a = groupOf(handler(10, '  app.get("/a", () => { throw new E(); });'));
    expect(groupOf(handler(42, '  app.get("/a", () => { throw new E(); });'))).toBe(a);
    expect(groupOf(handler(10, '  app.get("/b", () => { throw new E(); });'))).not.toBe(a);
    expect(groupOf(handler(10, "x".repeat(121)))).toBe(groupOf(handler(10, "y".repeat(121))));
  });

  it("normalizes Node and browser function names and filenames", () => {
    expect(["Object.<anonymous>", "?", "Server.?", "<anonymous>"].map(frameFunction)).toEqual(Array(4).fill("<anonymous>"));
    expect(["async loadOrder", "Object.loadOrder", "new Order", "Module.run", "Foo.bar [as baz]"].map(frameFunction)).toEqual(["loadOrder", "loadOrder", "Order", "run", "Foo.bar"]);
    expect(moduleFromFilename("https://cdn.example.com/static/js/main.9f8e7d6c.chunk.js?v=3#x")).toBe("static/js/main");
    expect(moduleFromFilename("webpack:///./src/components/Cart.tsx")).toBe("src/components/Cart");
    expect(moduleFromFilename("https://cdn.example.com/assets/1.4.2/app.js")).toBe("assets/<version>/app");
    expect(moduleFromFilename("app:///vendor-3c9a0f12ab.js")).toBe("vendor");
  });
});

// Arbitrary JSON, with text that includes NULs and lone surrogates, shaped a little like events so the deep paths are reached.
const anyText = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("\u0000", "\ud800", "\udfff", "{{ default }}", "a/b", "2026-11-26T04:04:18Z"));
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, anyText, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(anyText, fc.constantFrom("type", "value", "frames", "in_app", "function", "module", "message", "params")), tie("value"), { maxKeys: 5 }),
})).value;
const eventKeys = ["event_id", "level", "message", "logentry", "exception", "stacktrace", "threads", "tags", "user", "release", "environment", "timestamp", "fingerprint", "transaction", "platform", "request", "breadcrumbs", "contexts"];
const eventish = fc.dictionary(fc.constantFrom(...eventKeys), anyJson, { maxKeys: 10 });

describe("normalizeSentryEvent on arbitrary input", () => {
  it("returns an ingestible, storable event or throws a 400", () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, eventish), (payload) => {
        let event: IngestEventInput;
        try {
          event = normalizeSentryEvent(payload);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(400);
          return;
        }
        expectIngestible(event);
      }),
      { numRuns: 500 },
    );
  });
});
