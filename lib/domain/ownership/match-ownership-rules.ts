import { globToRegExp } from "./parse-ownership-rules";
import type { OwnershipMatcher } from "@/lib/generated/prisma/client";

/** What a rule can look at: the group's latest event. */
export interface OwnershipSubject {
  culprit: string | null;
  paths: string[];
  url: string | null;
  tags: Record<string, string>;
}

export interface StoredOwnershipRule {
  matcher: OwnershipMatcher;
  key: string | null;
  pattern: string;
  owner: string;
  position: number;
}

function pathMatches(pattern: string, path: string): boolean {
  // A pattern without a slash matches a file name anywhere (like .gitignore / CODEOWNERS).
  const regex = globToRegExp(pattern, { pathLike: true });
  if (regex.test(path)) return true;
  if (!pattern.includes("/")) return regex.test(path.split("/").pop() ?? path);
  return globToRegExp(`**/${pattern.replace(/^\/+/, "")}`, { pathLike: true }).test(path);
}

export function ruleMatches(rule: StoredOwnershipRule, subject: OwnershipSubject): boolean {
  switch (rule.matcher) {
    case "path":
      return subject.paths.some((path) => pathMatches(rule.pattern, path));
    case "culprit":
      return subject.culprit !== null && globToRegExp(rule.pattern, { pathLike: false }).test(subject.culprit);
    case "url":
      return subject.url !== null && globToRegExp(rule.pattern, { pathLike: false }).test(subject.url);
    case "tag": {
      const value = rule.key ? subject.tags[rule.key] : undefined;
      return value !== undefined && globToRegExp(rule.pattern, { pathLike: false }).test(value);
    }
  }
}

/** The owner of the last matching rule wins, as in Sentry's ownership rules and CODEOWNERS. */
export function findOwner(rules: StoredOwnershipRule[], subject: OwnershipSubject): string | null {
  let owner: string | null = null;
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    if (ruleMatches(rule, subject)) owner = rule.owner;
  }
  return owner;
}
