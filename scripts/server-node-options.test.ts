import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "./server-node-options";

describe("serverNodeOptions", () => {
  it("adds a larger young generation when NODE_OPTIONS is unset or empty", () => {
    expect(serverNodeOptions(undefined)).toBe("--max-semi-space-size=64");
    expect(serverNodeOptions("  ")).toBe("--max-semi-space-size=64");
  });

  it("keeps the operator's options and appends to them", () => {
    expect(serverNodeOptions("--max-old-space-size=512")).toBe("--max-old-space-size=512 --max-semi-space-size=64");
  });

  it("leaves the operator's own semi-space size alone, in either spelling", () => {
    expect(serverNodeOptions("--max-semi-space-size=8")).toBe("--max-semi-space-size=8");
    expect(serverNodeOptions("--inspect --max-semi-space-size 8")).toBe("--inspect --max-semi-space-size 8");
  });
});
