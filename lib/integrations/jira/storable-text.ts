import { LONE_SURROGATE_SOURCE } from "@/lib/text/unstorable-text";
import type { FieldErrors } from "./create-form";

// PostgreSQL text and jsonb cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form (the
// driver would silently store U+FFFD, jsonb refuses the escape). Checked before Jira is called, so a
// value Tether cannot record never becomes an issue in Jira that Tether then fails to link.
const NUL = /\u0000/;
const LONE_SURROGATE = new RegExp(LONE_SURROGATE_SOURCE);
const LONE_SURROGATES = new RegExp(LONE_SURROGATE_SOURCE, "g");

function unstorableReason(text: string): string | null {
  if (NUL.test(text)) return "cannot contain NUL characters (\\u0000).";
  if (LONE_SURROGATE.test(text)) return "cannot contain unpaired surrogate characters.";
  return null;
}

function firstUnstorable(value: unknown, depth = 0): string | null {
  if (typeof value === "string") return unstorableReason(value);
  if (value === null || typeof value !== "object") return null;
  if (depth >= 20) return "is nested too deeply.";
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = firstUnstorable(item, depth + 1);
      if (reason) return reason;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const reason = unstorableReason(key) ?? firstUnstorable(item, depth + 1);
    if (reason) return reason;
  }
  return null;
}

/** Field errors for every submitted form value (keys included, at any depth) Tether could not store. */
export function unstorableFieldErrors(values: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, value] of Object.entries(values)) {
    const reason = unstorableReason(name) ?? firstUnstorable(value);
    if (reason) errors[name] = [`${name === "title" ? "Title" : name === "description" ? "Description" : name} ${reason}`];
  }
  return errors;
}

/** Text from Jira made storable: NUL removed, unpaired surrogates replaced, as a UTF-8 encoder would. */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, "").replace(LONE_SURROGATES, "\uFFFD");
}
