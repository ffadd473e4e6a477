import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Bounds an SDK's event before it is kept in `Event.payload` (jsonb) for the event page.
 *
 * The bounds (Sentry's own SDKs stay well inside them; they stop a hostile or broken client from
 * filling the database):
 * - the whole payload serializes to at most `maxBytes` UTF-8 bytes (256 KiB): members are kept in
 *   order of what the event page needs (exception, message, request, user, tags, contexts come
 *   before breadcrumbs, sdk, modules and extra), and whatever no longer fits is left out;
 * - strings at most 8,192 characters, object keys at most 256; at most 250 members per object;
 * - nesting at most 16 levels (deeper values become "[depth limit]");
 * - stack frames: the innermost 250 per stacktrace; breadcrumbs: the latest 100;
 *   `debug_meta.images`: the first 5; any other array: the first 250 items;
 * - request cookies and the values of credential-like headers (Authorization, Cookie, API keys,
 *   tokens) become "[Filtered]";
 * - NUL characters and unpaired UTF-16 surrogates (PostgreSQL cannot store them) become U+FFFD.
 */
export const PAYLOAD_BOUNDS = {
  maxBytes: 256 * 1024,
  maxString: 8192,
  maxKey: 256,
  maxMembers: 250,
  maxDepth: 16,
  maxFrames: 250,
  maxBreadcrumbs: 100,
  maxDebugImages: 5,
} as const;

export type PayloadBounds = { readonly [K in keyof typeof PAYLOAD_BOUNDS]: number };

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** Text PostgreSQL can hold: NULs and unpaired surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  // Most text has neither NULs nor surrogates: skip the look-around scan for it.
  return MAYBE_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, "\ufffd") : text;
}

/** Cuts to `max` characters (marking the cut) without leaving half a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1])) end -= 1;
  return `${text.slice(0, end)}…`;
}

const FILTERED = "[Filtered]";
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-csrf-token|x-xsrf-token|x-sentry-auth)$|token|secret|password|session/i;

// What the event page reads first gets the budget first.
const TOP_LEVEL_ORDER = [
  "event_id", "timestamp", "level", "platform", "logger", "transaction", "release", "dist", "environment", "server_name",
  "message", "logentry", "exception", "stacktrace", "threads", "fingerprint", "tags", "user", "request", "contexts",
  "breadcrumbs", "sdk", "extra", "debug_meta", "modules",
];

type JsonOut = Prisma.InputJsonValue | null;

class Budget {
  constructor(public left: number) {}
  take(bytes: number): boolean {
    if (bytes > this.left) return false;
    this.left -= bytes;
    return true;
  }
}

// Printable ASCII without quotes or backslashes serializes as itself between two quotes.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const bytesOf = (text: string) => (PLAIN.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text), "utf8"));

/** Where a value sits: its key and its parent's key ("[]" for an array item), which is all the bounds look at. */
interface Place {
  key: string;
  parent: string;
}

const ROOT: Place = { key: "", parent: "" };

interface Walk {
  bounds: PayloadBounds;
  budget: Budget;
}

/** Bounds `payload` as documented on PAYLOAD_BOUNDS; the result always serializes within `maxBytes`. */
export function boundPayload(payload: unknown, bounds: PayloadBounds = PAYLOAD_BOUNDS): Prisma.InputJsonValue {
  // 2 bytes for the outer braces of an object; a non-object payload is wrapped so the event page always gets an object.
  const walk: Walk = { bounds, budget: new Budget(bounds.maxBytes - 2) };
  const root = isRecord(payload) ? payload : { value: payload };
  return boundObject(root, walk, 1, ROOT, orderedKeys(root)) ?? {};
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function orderedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  const known = TOP_LEVEL_ORDER.filter((key) => Object.hasOwn(record, key));
  return [...known, ...keys.filter((key) => !TOP_LEVEL_ORDER.includes(key))];
}

function boundValue(value: unknown, walk: Walk, depth: number, place: Place): JsonOut | undefined {
  if (value === null) return walk.budget.take(4) ? null : undefined;
  switch (typeof value) {
    case "string":
      return boundString(value, walk);
    case "number":
      if (!Number.isFinite(value)) return walk.budget.take(4) ? null : undefined;
      return walk.budget.take(String(value).length) ? value : undefined;
    case "boolean":
      return walk.budget.take(5) ? value : undefined;
    case "bigint":
      return boundString(value.toString(), walk);
    case "object":
      break;
    default:
      return undefined;
  }
  if (depth > walk.bounds.maxDepth) return boundString("[depth limit]", walk);
  if (Array.isArray(value)) return boundArray(value, walk, depth, place);
  const record = value as Record<string, unknown>;
  return boundObject(record, walk, depth, place, Object.keys(record));
}

function boundString(value: string, walk: Walk): string | undefined {
  const text = storableText(truncateText(value, walk.bounds.maxString));
  return walk.budget.take(bytesOf(text)) ? text : undefined;
}

function boundArray(items: readonly unknown[], walk: Walk, depth: number, place: Place): JsonOut | undefined {
  if (!walk.budget.take(2)) return undefined;
  const { key: last, parent } = place;
  const itemPlace: Place = { key: "[]", parent: last };
  const keepLatest = last === "frames" || last === "breadcrumbs" || (last === "values" && parent === "breadcrumbs");
  const limit =
    last === "frames" ? walk.bounds.maxFrames
    : last === "breadcrumbs" || (last === "values" && parent === "breadcrumbs") ? walk.bounds.maxBreadcrumbs
    : last === "images" && parent === "debug_meta" ? walk.bounds.maxDebugImages
    : walk.bounds.maxMembers;
  const chosen = keepLatest ? items.slice(-limit).reverse() : items.slice(0, limit);
  const out: JsonOut[] = [];
  for (const item of chosen) {
    // The separating comma, then the item; an item that does not fit ends the array.
    if (!walk.budget.take(1)) break;
    const bounded = boundValue(item, walk, depth + 1, itemPlace);
    if (bounded === undefined) break;
    out.push(bounded);
  }
  return keepLatest ? out.reverse() : out;
}

function boundObject(record: Record<string, unknown>, walk: Walk, depth: number, place: Place, keys: readonly string[]): Prisma.InputJsonObject | undefined {
  if (place !== ROOT && !walk.budget.take(2)) return undefined;
  const out: Record<string, JsonOut> = {};
  const inRequest = place.key === "request";
  const headers = place.key === "headers" && place.parent === "request";
  let members = 0;
  for (const rawKey of keys) {
    if (members >= walk.bounds.maxMembers) break;
    const item = record[rawKey];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    const key = storableText(truncateText(rawKey, walk.bounds.maxKey));
    if (Object.hasOwn(out, key)) continue;
    // Key, colon and comma: when even those do not fit, neither does anything after them.
    if (!walk.budget.take(bytesOf(key) + 2)) break;
    const secret = (inRequest && rawKey === "cookies") || (headers && SECRET_HEADER.test(rawKey));
    const value = inRequest && rawKey === "headers" && Array.isArray(item) ? filterHeaderPairs(item) : item;
    const bounded = secret ? boundString(FILTERED, walk) : boundValue(value, walk, depth + 1, { key: rawKey, parent: place.key });
    if (bounded === undefined) continue;
    // A JSON `__proto__` key is data; plain assignment would set the prototype instead.
    if (key === "__proto__") Object.defineProperty(out, key, { value: bounded, enumerable: true, writable: true, configurable: true });
    else out[key] = bounded;
    members += 1;
  }
  return out;
}

// Some SDKs (Python's) send headers as a list of [name, value] pairs.
function filterHeaderPairs(pairs: readonly unknown[]): unknown[] {
  return pairs.map((pair) => (Array.isArray(pair) && typeof pair[0] === "string" && SECRET_HEADER.test(pair[0]) ? [pair[0], FILTERED] : pair));
}
