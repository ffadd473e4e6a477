// PostgreSQL text and jsonb cannot hold NUL characters, and unpaired UTF-16 surrogates have no
// UTF-8 form: a write or even a lookup with either fails in the database, which would be a 500.
// No imports, so the Jira fake and browser code can use this too.
/** A UTF-16 surrogate without its partner. */
export const LONE_SURROGATE_SOURCE = "[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
export const UNSTORABLE_TEXT = new RegExp(`\\u0000|${LONE_SURROGATE_SOURCE}`);

export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_TEXT.test(text);
}

interface Pending {
  value: unknown;
  key: string;
  parent: Pending | null;
}

function pathOf(node: Pending, lastKey?: string): string {
  const keys = lastKey === undefined ? [] : [lastKey];
  for (let at: Pending | null = node; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".");
}

/**
 * The dotted path of the first key or string in a parsed JSON value that PostgreSQL cannot store,
 * or null. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: Pending[] = [{ value, key: "", parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.value === "string") {
      if (UNSTORABLE_TEXT.test(node.value)) return pathOf(node);
      continue;
    }
    if (typeof node.value !== "object" || node.value === null) continue;
    const object = node.value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (UNSTORABLE_TEXT.test(key)) return pathOf(node, key);
      stack.push({ value: object[key], key, parent: node });
    }
  }
  return null;
}
