import { describe, expect, it } from "vitest";
import { findOwner } from "./match-ownership-rules";
import { parseOwnershipRules } from "./parse-ownership-rules";

describe("ownership rules text", () => {
  it("parses each matcher and skips comments and blank lines", () => {
    const { rules, errors } = parseOwnershipRules(
      ["# billing belongs to payments", "path:src/billing/** #payments", "", "tag:browser=Safari* jane@example.com", "url:*/checkout* #web", "culprit:app.jobs.* #backend"].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.line, r.matcher, r.key, r.pattern, r.owner])).toEqual([
      [2, "path", null, "src/billing/**", "#payments"],
      [4, "tag", "browser", "Safari*", "jane@example.com"],
      [5, "url", null, "*/checkout*", "#web"],
      [6, "culprit", null, "app.jobs.*", "#backend"],
    ]);
  });

  it("reports every bad line with its number", () => {
    const { errors } = parseOwnershipRules(["nonsense #x", "color:red #x", "path: #x", "tag:browser #x", "path:src/**", "path:a #x #y", "path:a not-an-owner"].join("\n"));
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(errors[1].message).toMatch(/Unknown matcher/);
  });

  it("matches paths anywhere, tags and URLs by glob; the last matching rule wins", () => {
    const rules = [
      { matcher: "path" as const, key: null, pattern: "src/**", owner: "team:a", position: 0 },
      { matcher: "path" as const, key: null, pattern: "billing/*.py", owner: "team:b", position: 1 },
      { matcher: "tag" as const, key: "browser", pattern: "Safari*", owner: "user:c", position: 2 },
    ];
    const subject = (paths: string[], tags: Record<string, string> = {}) => ({ culprit: null, paths, url: null, tags });
    expect(findOwner(rules, subject(["src/web/app.ts"]))).toBe("team:a");
    expect(findOwner(rules, subject(["src/billing/invoices.py"]))).toBe("team:b");
    expect(findOwner(rules, subject(["src/billing/deep/x.py"]))).toBe("team:a");
    expect(findOwner(rules, subject(["lib/x.ts"], { browser: "safari 17" }))).toBe("user:c");
    expect(findOwner(rules, subject(["lib/x.ts"], { browser: "Chrome" }))).toBeNull();
  });
});
