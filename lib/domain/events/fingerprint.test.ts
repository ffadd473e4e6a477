import { describe, expect, it } from "vitest";
import { computeFingerprint, normaliseMessage } from "./fingerprint";

describe("computeFingerprint", () => {
  it("groups exceptions by type and culprit, whatever the message says", () => {
    const a = computeFingerprint({ exceptionType: "TypeError", culprit: "app.js in render", message: "x is undefined" });
    const b = computeFingerprint({ exceptionType: "TypeError", culprit: "app.js in render", message: "y is undefined" });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(computeFingerprint({ exceptionType: "TypeError", culprit: "other.js in render" })).not.toBe(a);
    expect(computeFingerprint({ exceptionType: "RangeError", culprit: "app.js in render" })).not.toBe(a);
  });

  it("groups messages by their normalised text", () => {
    expect(computeFingerprint({ message: "User 41 not found" })).toBe(computeFingerprint({ message: "User  42 not found " }));
    expect(computeFingerprint({ message: "User 41 not found" })).not.toBe(computeFingerprint({ message: "Order 41 not found" }));
    expect(computeFingerprint({ title: "Timeout" })).toBe(computeFingerprint({ message: "Timeout" }));
    expect(normaliseMessage("id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 at 2024-01-02T03:04:05Z from 10.0.0.1 ptr 0xdeadbeef, 12.5s")).toBe(
      "id <uuid> at <date> from <ip> ptr <hex>, <num>s",
    );
  });

  it("uses a custom fingerprint, expanding {{ default }}", () => {
    const base = { exceptionType: "TypeError", culprit: "a.js" };
    const custom = computeFingerprint({ ...base, fingerprint: ["checkout"] });
    expect(custom).toBe(computeFingerprint({ exceptionType: "RangeError", fingerprint: ["checkout"] }));
    expect(custom).not.toBe(computeFingerprint(base));
    const withDefault = computeFingerprint({ ...base, fingerprint: ["{{ default }}", "eu"] });
    expect(withDefault).not.toBe(computeFingerprint({ exceptionType: "RangeError", culprit: "a.js", fingerprint: ["{{ default }}", "eu"] }));
    expect(withDefault).not.toBe(computeFingerprint({ ...base, fingerprint: ["{{ default }}", "us"] }));
    expect(computeFingerprint({ ...base, fingerprint: ["{{ default }}"] })).toBe(computeFingerprint(base));
    // A literal part can never collide with the expansion of the default.
    expect(computeFingerprint({ fingerprint: ["exception", "TypeError", "a.js"] })).not.toBe(computeFingerprint(base));
  });
});
