import { describe, expect, it } from "vitest";
import { culpritFromFrames, eventTitle, prepareEvent } from "./prepare-event";
import { eventInputSchema } from "./schema";

const event = (input: unknown) => eventInputSchema.parse(input);

describe("prepareEvent", () => {
  it("derives title and culprit from the exception and the innermost in-app frame", () => {
    const frames = [
      { filename: "main.js", function: "boot", inApp: true },
      { filename: "cart.js", function: "checkout", inApp: true },
      { filename: "node_modules/lib.js", function: "call", inApp: false },
    ];
    expect(culpritFromFrames(frames)).toBe("cart.js in checkout");
    const prepared = prepareEvent(event({ exception: { type: "TypeError", value: "boom" }, stacktrace: { frames } }), new Date("2026-01-01T00:00:00Z"));
    expect(prepared).toMatchObject({ title: "TypeError: boom", culprit: "cart.js in checkout", level: "error", exceptionType: "TypeError" });
    expect(prepared.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(prepared.timestamp.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(eventTitle({ message: "line one\n  line two" })).toBe("line one line two");
    expect(eventTitle({ title: "Explicit", message: "m" })).toBe("Explicit");
  });

  it("reads epoch seconds and ISO timestamps, and tags the user", () => {
    const prepared = prepareEvent(event({ message: "m", timestamp: 1_700_000_000, user: { email: "a@b.c" }, eventId: "AB".repeat(16) }), new Date());
    expect(prepared.timestamp.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(prepared.userTag).toBe("email:a@b.c");
    expect(prepared.eventId).toBe("ab".repeat(16));
  });
});
