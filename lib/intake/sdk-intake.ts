import type { Db } from "@/lib/db/client";
import { AppError, forbidden, payloadTooLarge, unauthorized } from "@/lib/errors";
import type { IngestResult } from "@/lib/domain/events/ingest-events";
import type { IngestEventInput } from "@/lib/domain/events/prepare-event";
import { findActiveKeyForIngestionCached } from "@/lib/domain/projects/ingestion-key-cache";
import type { IngestionKey } from "@/lib/domain/projects/find-active-key-for-ingestion";
import { parseUntrustedJson } from "@/lib/text/parse-untrusted-json";
import { UNSTORABLE_TEXT } from "@/lib/text/unstorable-text";
import { sdkIngestBatcher } from "./ingest-batcher";
import { consumeKeyRate, refundKeyRate } from "./key-rate-limit";
import { normalizeSentryEvent } from "./sentry-event";

// What the envelope and store endpoints share: the project id in the path, the key, the rate
// limit, and turning SDK event payloads into one ingestEvents batch.

/** The path's project id: SDKs take it from the DSN, which must end in a number. 404 otherwise, like an unknown project. */
export function parseIngestId(raw: string): number {
  const ingestId = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(ingestId) || ingestId > 2_147_483_647) throw noSuchProject(raw);
  return ingestId;
}

const noSuchProject = (raw: string) => new AppError(404, "not_found", `No project with id '${raw.slice(0, 40)}'`);

/**
 * The active key `publicKey` of project `ingestId`. As relay: no key at all is 401; a key that is
 * unknown, disabled or another project's is 403, the same answer for each so nobody learns which
 * keys exist. A project id no project has is 404 (ids are sequential: that tells nothing secret).
 */
export async function authenticateSdkKey(db: Db, ingestId: number, publicKey: string | null | undefined): Promise<IngestionKey> {
  if (!publicKey) throw unauthorized("Missing Sentry authentication: send X-Sentry-Auth or ?sentry_key=, as a Sentry SDK does with its DSN");
  const key = await findActiveKeyForIngestionCached(db, ingestId, publicKey);
  if (key === "unknown_project") throw noSuchProject(String(ingestId));
  if (key === "refused") throw forbidden("This key is unknown, disabled or not a key of this project");
  return key;
}

/**
 * An SDK event payload as a JSON object; 400 (malformed) when it is not one. SDK events are never
 * refused for their content: NUL and unpaired surrogates (which PostgreSQL cannot store, and
 * which an SDK's own truncation produces by cutting a surrogate pair) become U+FFFD in every
 * string and key, so nothing downstream — columns, grouping, the stored payload — can meet them.
 */
export function readSdkEventPayload(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseUntrustedJson(text);
  } catch {
    throw new AppError(400, "malformed_event", `The ${what} is not valid JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new AppError(400, "malformed_event", `The ${what} is not a JSON object`);
  // JSON can only carry NUL or a lone surrogate as a \u escape, so most payloads skip the walk.
  if (/\\u(?:0000|d[89a-f])/i.test(text)) replaceUnstorableText(value);
  return value as Record<string, unknown>;
}

const UNSTORABLE_GLOBAL = new RegExp(UNSTORABLE_TEXT.source, "g");
const storable = (text: string): string => (UNSTORABLE_TEXT.test(text) ? text.replace(UNSTORABLE_GLOBAL, "\ufffd") : text);

/** Replaces, in place, unstorable text in every string and key of parsed JSON. Iterative: nesting cannot exhaust the stack. */
function replaceUnstorableText(root: object): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const child = node[key];
      const value = typeof child === "string" ? storable(child) : child;
      if (value !== null && typeof value === "object") stack.push(value);
      const safeKey = storable(key);
      if (safeKey !== key) {
        delete node[key];
        // Two keys differing only in their unstorable characters collide; the later one wins, as a duplicate JSON key would.
        node[safeKey] = value;
      } else if (value !== child) {
        node[key] = value;
      }
    }
  }
}

export function assertEventSize(bytes: number, limit: number): void {
  if (bytes > limit) throw payloadTooLarge(limit);
}

/**
 * Normalizes, counts against the key's limit and stores the events of one request, all or
 * nothing: in one ingestEvents batch shared with the project's other requests arriving meanwhile
 * (ingest-batcher.ts). `bytes` is their payloads' size, for the batch's byte budget.
 */
export async function ingestSdkEvents(db: Db, key: IngestionKey, payloads: readonly Record<string, unknown>[], bytes: number): Promise<IngestResult | null> {
  if (payloads.length === 0) return null;
  const events: IngestEventInput[] = payloads.map((payload) => normalizeSentryEvent(payload));
  await consumeKeyRate(db, key, events.length);
  try {
    // The project's slug is only used for messages and alerts; the key's project id is what matters.
    return await sdkIngestBatcher.ingest(db, { id: key.projectId, slug: key.projectSlug, organizationId: key.organizationId }, events, bytes);
  } catch (error) {
    // Nothing was stored: the SDK retries a 503, and the retry must not be charged twice.
    await refundKeyRate(db, key, events.length).catch(() => undefined);
    throw error;
  }
}
