import { createHash } from "node:crypto";
import { DEFAULT_FINGERPRINT_PART } from "./schema";

export interface FingerprintSource {
  exceptionType?: string | null;
  culprit?: string | null;
  message?: string | null;
  title?: string | null;
  fingerprint?: readonly string[];
  /** Default parts worked out elsewhere (Sentry SDK events group Sentry's way); wins over the ones below. */
  defaultParts?: readonly string[];
}

/**
 * Strips the parts of a message that vary between occurrences of one problem (ids, numbers,
 * addresses, times), so "User 41 not found" and "User 42 not found" fall into one group.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g, "<date>")
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, "<ip>")
    .replace(/\b0x[0-9a-f]+\b/gi, "<hex>")
    .replace(/\b[0-9a-f]{16,}\b/gi, "<hex>")
    .replace(/(?<![\w.])-?\d+(\.\d+)?(?!\d|\.\d)/g, "<num>")
    .replace(/\s+/g, " ")
    .trim();
}

/** What an event is grouped by when it names no fingerprint of its own. */
export function defaultFingerprintParts(source: FingerprintSource): string[] {
  if (source.defaultParts?.length) return [...source.defaultParts];
  if (source.exceptionType) return ["exception", source.exceptionType, source.culprit ?? ""];
  return ["message", normaliseMessage(source.message ?? source.title ?? "")];
}

/**
 * Stable sha256 hex of what makes two events "the same problem". A custom fingerprint replaces
 * the default, and its `{{ default }}` entries stand for the default parts (so `["{{ default }}"]`
 * alone is the default grouping).
 */
export function computeFingerprint(source: FingerprintSource): string {
  const custom = source.fingerprint?.some((part) => part.trim() !== DEFAULT_FINGERPRINT_PART) ? source.fingerprint : undefined;
  const parts = custom
    ? [
        "custom",
        ...custom.flatMap((part) => (part.trim() === DEFAULT_FINGERPRINT_PART ? defaultFingerprintParts(source) : [`=${part}`])),
      ]
    : defaultFingerprintParts(source);
  return createHash("sha256").update(JSON.stringify(parts), "utf8").digest("hex");
}
