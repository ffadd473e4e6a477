import type { OwnershipMatcher } from "@/lib/generated/prisma/client";

/** One line of a project's ownership rules, e.g. `path:src/billing/** #payments` or `tag:browser=Safari jane@example.com`. */
export interface ParsedOwnershipRule {
  line: number;
  matcher: OwnershipMatcher;
  /** Tag key, for `tag:` rules. */
  key: string | null;
  pattern: string;
  /** `#team-slug` or an email, as written. */
  owner: string;
}

export interface OwnershipParseError {
  line: number;
  message: string;
}

const MATCHERS: Record<string, OwnershipMatcher> = { path: "path", url: "url", tag: "tag", culprit: "culprit", module: "culprit" };

/**
 * Parses the rules text: one rule a line, `matcher:pattern owner [owner…]`; blank lines and
 * `#`-comments are skipped. Each bad line gets its own error so the editor can point at it.
 */
export function parseOwnershipRules(text: string): { rules: ParsedOwnershipRule[]; errors: OwnershipParseError[] } {
  const rules: ParsedOwnershipRule[] = [];
  const errors: OwnershipParseError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (!content || content.startsWith("# ") || content === "#") return;
    const [rule, ...owners] = content.split(/\s+/);
    const colon = rule.indexOf(":");
    if (colon <= 0) {
      errors.push({ line, message: `"${rule}" is not a rule: write matcher:pattern, e.g. path:src/** or tag:browser=Chrome` });
      return;
    }
    const matcher = MATCHERS[rule.slice(0, colon).toLowerCase()];
    const value = rule.slice(colon + 1);
    if (!matcher) {
      errors.push({ line, message: `Unknown matcher "${rule.slice(0, colon)}": use path, url, tag or culprit` });
      return;
    }
    if (!value) {
      errors.push({ line, message: "The pattern is empty" });
      return;
    }
    let key: string | null = null;
    let pattern = value;
    if (matcher === "tag") {
      const eq = value.indexOf("=");
      if (eq <= 0 || eq === value.length - 1) {
        errors.push({ line, message: "Tag rules are written tag:key=value (the value may use * wildcards)" });
        return;
      }
      key = value.slice(0, eq);
      pattern = value.slice(eq + 1);
    }
    if (owners.length === 0) {
      errors.push({ line, message: "Name at least one owner: #team-slug or a user's email" });
      return;
    }
    if (owners.length > 1) {
      errors.push({ line, message: "Name one owner per rule (the group is assigned to it)" });
      return;
    }
    const bad = owners.find((o) => !(o.startsWith("#") && o.length > 1) && !/^[^@\s]+@[^@\s]+$/.test(o));
    if (bad) {
      errors.push({ line, message: `"${bad}" is neither #team-slug nor an email` });
      return;
    }
    rules.push({ line, matcher, key, pattern, owner: owners[0] });
  });
  return { rules, errors };
}

/** Shell-style glob (`*` within a segment for paths, `**` across segments, `?` one character), case-insensitive. */
export function globToRegExp(glob: string, options: { pathLike: boolean }): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        out += ".*";
        i++;
      } else out += options.pathLike ? "[^/]*" : ".*";
    } else if (c === "?") out += ".";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "i");
}
