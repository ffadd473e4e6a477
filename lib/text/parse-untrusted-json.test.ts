import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseUntrustedJson } from "./parse-untrusted-json";

// Defect 13 (issue 9): schemas read inherited Object.prototype members of parsed bodies, so a Jira
// changelog item without its own `toString` key was refused ("received function").

describe("defect 13: parseUntrustedJson", () => {
  it("defect 13: keys the sender left out read as undefined, also for zod", () => {
    const item = parseUntrustedJson('{"field":"status","from":"1","to":"3"}') as Record<string, unknown>;
    expect(item.toString).toBeUndefined();
    expect(item.constructor).toBeUndefined();
    const schema = z.object({ field: z.string(), toString: z.string().nullable().optional(), valueOf: z.string().optional() });
    expect(schema.safeParse(item).success).toBe(true);
    expect(schema.safeParse(JSON.parse('{"field":"status"}')).success).toBe(false);
  });

  it("defect 13: __proto__ stays a plain key and pollutes nothing", () => {
    const value = parseUntrustedJson('{"__proto__":{"polluted":true},"a":[{"__proto__":{"x":1}}]}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect(value.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const inherited of ["toString", "valueOf", "constructor", "hasOwnProperty", "isPrototypeOf", "__defineGetter__"]) expect(value[inherited], inherited).toBeUndefined();
    // Turning a client's object into text where a string was expected stays a value, not a TypeError.
    expect(String(value.a)).toBe("[object Object]");
    expect(`${String(value)}`).toBe("[object Object]");
    expect(Number.isNaN(Number(value))).toBe(true);
  });

  it("defect 13: the same data as JSON.parse, for any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(JSON.stringify(parseUntrustedJson(text))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it("defect 13: deep nesting does not overflow the stack", () => {
    const depth = 200_000;
    const text = "[".repeat(depth) + "]".repeat(depth);
    let nodeParses = true;
    try {
      JSON.parse(text);
    } catch {
      // JSON.parse itself may refuse it; callers answer that 400 like any malformed body.
      nodeParses = false;
    }
    if (nodeParses) expect(() => parseUntrustedJson(text)).not.toThrow();
  });
});
