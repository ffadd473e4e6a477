import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SDK_EVENT_FIXTURES } from "./fixtures";
import { parseStoredSdkPayload, shortText } from "./stored-sdk-payload";

describe("parseStoredSdkPayload", () => {
  it("is null for an event without an SDK payload, so the page shows it as before", () => {
    expect(parseStoredSdkPayload(null)).toBeNull();
    expect(parseStoredSdkPayload(undefined)).toBeNull();
    expect(parseStoredSdkPayload("text")).toBeNull();
    expect(parseStoredSdkPayload([1, 2])).toBeNull();
  });

  it("reads what @sentry/node sent: the raised error first, then its cause, with context lines", () => {
    const detail = parseStoredSdkPayload(SDK_EVENT_FIXTURES.node)!;
    expect(detail.unreadable).toBe(0);
    expect(detail.exceptions.map((e) => e.type)).toEqual(["Error", "MailerUnavailableError"]);
    expect(detail.exceptions[0]).toMatchObject({ value: "Could not send invoice inv_2091", mechanism: { type: "generic", handled: true } });
    expect(detail.exceptions[1].mechanism).toMatchObject({ source: "cause" });
    const top = detail.exceptions[0].frames.at(-1)!;
    expect(top).toMatchObject({ function: "sendInvoice", inApp: true });
    expect(top.contextLine).toContain("throw new Error(`Could not send invoice");
    expect(top.preContext.length).toBeGreaterThan(0);
    expect(top.postContext.length).toBeGreaterThan(0);
    expect(detail.breadcrumbs.map((b) => b.category)).toEqual(["job", "query", "http", "retry"]);
    expect(detail.breadcrumbs[2].data).toContainEqual(["status_code", "503"]);
    expect(detail.breadcrumbs[0].timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(detail.user).toEqual({ id: "u_1042", email: "maya.chen@example.com", username: "maya", ipAddress: "203.0.113.42", geo: null });
    expect(detail.contexts.map((c) => c.key).slice(0, 4)).toEqual(["os", "runtime", "device", "app"]);
    expect(detail.contexts.find((c) => c.key === "runtime")).toMatchObject({ title: "Runtime", headline: "node v20.20.2" });
    expect(detail.contexts.find((c) => c.key === "job")?.entries).toContainEqual(["attempt", "3"]);
    expect(detail.sdk).toEqual({ name: "sentry.javascript.node", version: "11.12.0" });
    expect(detail).toMatchObject({ platform: "node", transaction: "send-invoice", serverName: "worker-2" });
  });

  it("reads a browser event: an unhandled rejection with its cause, request with query, contexts, breadcrumbs in order", () => {
    const detail = parseStoredSdkPayload(SDK_EVENT_FIXTURES.browser)!;
    expect(detail.unreadable).toBe(0);
    expect(detail.exceptions.map((e) => e.type)).toEqual(["CheckoutError", "TypeError"]);
    expect(detail.exceptions[0].mechanism).toEqual({ type: "onunhandledrejection", handled: false, source: null });
    expect(detail.exceptions[1].mechanism).toEqual({ type: "chained", handled: false, source: "cause" });
    expect(detail.exceptions[0].frames.at(-1)?.contextLine).toContain("throw new CheckoutError");
    expect(detail.exceptions[1].frames.at(-1)?.vars).toEqual([
      ["items", "[Array]"],
      ["sum", "0"],
    ]);
    expect(detail.breadcrumbs).toHaveLength(13);
    expect(detail.breadcrumbs.at(-1)?.level).toBe("error");
    expect(detail.request).toMatchObject({ url: "https://shop.acme.example/checkout/summary?step=2&coupon=SPRING25", query: [["step", "2"], ["coupon", "SPRING25"]] });
    expect(detail.request?.headers).toContainEqual({ name: "Cookie", value: null });
    expect(JSON.stringify(detail)).not.toContain("should-never-show");
    expect(detail.contexts.slice(0, 2)).toMatchObject([
      { key: "browser", title: "Browser", headline: "Chrome 131.0.0" },
      { key: "os", title: "Operating system", headline: "macOS 15.1" },
    ]);
    expect(detail.user).toMatchObject({ geo: "Lisbon, Portugal, PT" });
  });

  it("reads a Python event: chained exceptions, request body summarized, Authorization withheld", () => {
    const detail = parseStoredSdkPayload(SDK_EVENT_FIXTURES.python)!;
    expect(detail.unreadable).toBe(0);
    expect(detail.exceptions.map((e) => e.type)).toEqual(["RefundError", "KeyError"]);
    expect(detail.exceptions[0].mechanism?.handled).toBe(false);
    expect(detail.request).toMatchObject({ method: "POST", data: "2 fields: amount, reason", query: [] });
    expect(detail.request?.headers).toContainEqual({ name: "Authorization", value: null });
    expect(detail.breadcrumbs[0].timestamp).toBe("2026-11-26T03:41:07.190Z");
    expect(detail.contexts[0]).toMatchObject({ key: "os" });
    expect(detail.contexts.find((c) => c.key === "runtime")?.headline).toBe("CPython 3.12.7");
  });

  it("drops the parts that do not fit and counts them", () => {
    const detail = parseStoredSdkPayload({
      exception: { values: [{ type: 5 }, { type: "ValueError", value: "bad", stacktrace: { frames: [{ function: "f", lineno: -3 }, "x", { filename: "a.py", lineno: 2 }] } }, {}] },
      breadcrumbs: [{ message: "ok" }, 7, {}],
      request: "GET /",
      user: ["nobody"],
      contexts: { os: { name: "Linux" }, broken: "text", empty: {} },
      sdk: { version: "1" },
    })!;
    expect(detail.exceptions).toHaveLength(1);
    expect(detail.exceptions[0].frames).toEqual([expect.objectContaining({ filename: "a.py", lineno: 2 })]);
    expect(detail.breadcrumbs).toHaveLength(1);
    expect(detail.request).toBeNull();
    expect(detail.user).toBeNull();
    expect(detail.contexts.map((c) => c.key)).toEqual(["os"]);
    expect(detail.sdk).toBeNull();
    // type 5, {}, two frames, two breadcrumbs, request, user, broken context, sdk
    expect(detail.unreadable).toBe(10);
  });

  it("takes a message event's stack trace from the crashed thread", () => {
    const detail = parseStoredSdkPayload({ message: "hi", threads: { values: [{ id: 1 }, { id: 2, crashed: true, stacktrace: { frames: [{ function: "main", in_app: true }] } }] } })!;
    expect(detail.exceptions).toEqual([]);
    expect(detail.stacktrace.map((f) => f.function)).toEqual(["main"]);
  });

  it("keeps the latest breadcrumbs and innermost frames when there are too many", () => {
    const crumbs = Array.from({ length: 250 }, (_, i) => ({ message: `crumb ${i}` }));
    const frames = Array.from({ length: 300 }, (_, i) => ({ function: `f${i}` }));
    const detail = parseStoredSdkPayload({ breadcrumbs: crumbs, exception: [{ type: "E", stacktrace: { frames } }] })!;
    expect(detail.breadcrumbs.at(-1)?.message).toBe("crumb 249");
    expect(detail.breadcrumbs).toHaveLength(200);
    expect(detail.exceptions[0].frames.at(-1)?.function).toBe("f299");
    expect(detail.unreadable).toBe(50 + 50);
  });

  it("never throws on arbitrary JSON, nor on event-shaped JSON with arbitrary parts", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parseStoredSdkPayload(value);
      }),
      { numRuns: 500 },
    );
    const part = fc.jsonValue({ maxDepth: 4 });
    const eventLike = fc.record(
      {
        exception: fc.oneof(part, fc.record({ values: fc.array(fc.record({ type: part, value: part, mechanism: part, stacktrace: fc.oneof(part, fc.record({ frames: fc.array(fc.dictionary(fc.constantFrom("filename", "function", "lineno", "in_app", "pre_context", "context_line", "post_context", "vars"), part)) })) }, { requiredKeys: [] })) })),
        breadcrumbs: fc.oneof(part, fc.array(fc.dictionary(fc.constantFrom("timestamp", "category", "level", "message", "data", "type"), part))),
        request: fc.oneof(part, fc.dictionary(fc.constantFrom("method", "url", "query_string", "headers", "data"), part)),
        user: part,
        contexts: fc.oneof(part, fc.dictionary(fc.string(), fc.oneof(part, fc.dictionary(fc.string(), part)))),
        sdk: part,
        platform: part,
        transaction: part,
        timestamp: part,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(eventLike, (value) => {
        const detail = parseStoredSdkPayload(value);
        expect(detail).not.toBeNull();
        expect(detail!.unreadable).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("shortText", () => {
  it("renders any value as one bounded line", () => {
    expect(shortText("x".repeat(1000), 10)).toHaveLength(10);
    expect(shortText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(shortText(null)).toBe("null");
  });
});
