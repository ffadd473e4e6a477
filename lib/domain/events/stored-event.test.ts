import { describe, expect, it } from "vitest";
import { CHECKOUT_FRAMES } from "@/lib/testing/group-fixtures";
import { frameRuns, parseStoredFrames, parseStoredUser } from "./stored-event";

describe("parseStoredFrames", () => {
  it("reads the frames intake stores, with the source line when present", () => {
    const { frames, unreadable } = parseStoredFrames(CHECKOUT_FRAMES);
    expect(unreadable).toBe(0);
    expect(frames).toHaveLength(6);
    expect(frames[5]).toEqual({
      filename: "src/cart/price.ts",
      function: "totalPrice",
      lineno: 18,
      colno: 24,
      inApp: true,
      contextLine: "  return items.reduce((sum, item) => sum + item.price.amount, 0);",
    });
    expect(frames[0]).toMatchObject({ inApp: false, contextLine: null });
  });

  it("accepts Sentry's spelling and a stack trace object", () => {
    const { frames } = parseStoredFrames({ frames: [{ abs_path: "/app/a.py", function: "run", lineno: 3, in_app: true, context_line: "run()" }] });
    expect(frames).toEqual([{ filename: "/app/a.py", function: "run", lineno: 3, colno: null, inApp: true, contextLine: "run()" }]);
  });

  it("drops what it cannot read and counts it, never throws", () => {
    expect(parseStoredFrames(null)).toEqual({ frames: [], unreadable: 0 });
    expect(parseStoredFrames("garbage")).toEqual({ frames: [], unreadable: 1 });
    expect(parseStoredFrames({ nope: true })).toEqual({ frames: [], unreadable: 1 });
    const mixed = parseStoredFrames([{ filename: "ok.js", lineno: 1 }, { filename: 42 }, "frame", null, { lineno: -1, function: "f" }, {}]);
    expect(mixed.frames.map((f) => f.filename)).toEqual(["ok.js"]);
    expect(mixed.unreadable).toBe(5);
  });

  it("keeps at most 500 frames and counts the rest", () => {
    const many = Array.from({ length: 510 }, (_, i) => ({ function: `f${i}` }));
    const parsed = parseStoredFrames(many);
    expect(parsed.frames).toHaveLength(500);
    expect(parsed.unreadable).toBe(10);
  });
});

describe("frameRuns", () => {
  it("puts the most recent call first and folds each run of library frames", () => {
    const runs = frameRuns(parseStoredFrames(CHECKOUT_FRAMES).frames);
    expect(runs.map((run) => (run.kind === "app" ? run.frame.function : `${run.frames.length} library`))).toEqual([
      "totalPrice",
      "1 library",
      "postCheckout",
      "3 library",
    ]);
  });

  it("shows a trace without in-app frames whole", () => {
    const runs = frameRuns(parseStoredFrames([{ function: "a" }, { function: "b" }]).frames);
    expect(runs.map((run) => run.kind)).toEqual(["app", "app"]);
  });
});

describe("parseStoredUser", () => {
  it("reads the user, null when nobody is named or the shape is wrong", () => {
    expect(parseStoredUser({ id: "u_42", email: "ada@example.com" })).toEqual({ id: "u_42", email: "ada@example.com", username: null, ipAddress: null });
    expect(parseStoredUser({ id: 7, ip_address: "10.0.0.1" })).toMatchObject({ id: "7", ipAddress: "10.0.0.1" });
    expect(parseStoredUser(null)).toBeNull();
    expect(parseStoredUser({})).toBeNull();
    expect(parseStoredUser({ email: ["x"] })).toBeNull();
    expect(parseStoredUser("someone")).toBeNull();
  });
});
