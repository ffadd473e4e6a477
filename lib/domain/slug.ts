import { z } from "zod";

export const SLUG_MAX_LENGTH = 50;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug someone typed: kept as given (no silent rewriting), so a typo is reported, not "fixed". */
export const slugSchema = z
  .string()
  .trim()
  .min(1, "Slug must not be empty")
  .max(SLUG_MAX_LENGTH, `Slug must be at most ${SLUG_MAX_LENGTH} characters`)
  .regex(SLUG_PATTERN, "Slug may contain only lower-case letters a-z, digits and single '-' between them");

function trimDashes(value: string): string {
  return value.replace(/^-+|-+$/g, "");
}

/** "Acme Café  Backend!" → "acme-cafe-backend"; "" when the name has no letter or digit at all. */
export function slugify(name: string, maxLength: number = SLUG_MAX_LENGTH): string {
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const dashed = trimDashes(ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  return trimDashes(dashed.slice(0, maxLength));
}

/**
 * The first of `base`, `base-2`, `base-3`, … not in `taken`; the base is shortened when needed so
 * the suffix still fits within the maximum length.
 */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>, maxLength: number = SLUG_MAX_LENGTH): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${trimDashes(base.slice(0, maxLength - suffix.length))}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
