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
 * - data scrubbing as Sentry's relay does by default (see SENSITIVE_KEY): anywhere in the payload,
 *   the value under a sensitive key (also in [name, value] pairs, query strings, form bodies and
 *   URLs' queries) and card numbers in text become "[Filtered]";
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

/**
 * Keys whose values are secrets, after relay's default `@password` rule (password, secret,
 * passwd, api_key, apikey, auth, credentials, mysql_pwd, privatekey, private_key, token, bearer)
 * plus what it filters by default besides: sessions, cookies, CSRF tokens, card numbers and social
 * security numbers. Substrings, as relay matches (`authorization`, `x-auth-token`,
 * `aws_secret_access_key`, `sessionid`); `ssn` only as a word, or `classname` would match.
 */
const SENSITIVE_KEY = /password|passwd|secret|api[-_ ]?key|auth|credential|mysql_pwd|private[-_ ]?key|token|bearer|session|cookie|csrf|xsrf|credit[-_ ]?card|card[-_ ]?number|card\[number\]|(?:^|[^a-z])ssn(?:$|[^a-z])/i;

export const isSensitiveKey = (key: string) => SENSITIVE_KEY.test(key);

// 13 to 19 digits, single spaces or dashes between groups, starting as card numbers do (2-6:
// Mastercard, Amex, Visa, Diners, Discover, JCB) so millisecond timestamps and ids starting 1 stay.
const CARD_CANDIDATE = /(?<![\d.-])[2-6](?:[ -]?\d){12,18}(?![\d.]|-\d)/g;
const MAYBE_CARD = /\d{4}/;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Text with every Luhn-valid card number in it replaced. */
export function withoutCardNumbers(text: string): string {
  if (!MAYBE_CARD.test(text)) return text;
  return text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, "");
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? FILTERED : match;
  });
}

/** `a=1&token=x` with the sensitive pairs' values filtered; names and the rest kept as sent. */
function scrubQuery(query: string): string {
  return query
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0) return pair;
      let name = pair.slice(0, equals);
      try {
        name = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // A malformed escape: judge the name as sent.
      }
      return isSensitiveKey(name) ? `${pair.slice(0, equals)}=${FILTERED}` : pair;
    })
    .join("&");
}

/** A URL's query (before any fragment) scrubbed like a query string. */
function scrubUrl(url: string): string {
  const start = url.indexOf("?");
  if (start < 0) return url;
  const end = url.indexOf("#", start);
  const query = end < 0 ? url.slice(start + 1) : url.slice(start + 1, end);
  return `${url.slice(0, start + 1)}${scrubQuery(query)}${end < 0 ? "" : url.slice(end)}`;
}

// A form-encoded body as Python's SDK sends request.data for a form post: name=value pairs only.
const FORM_BODY = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

/** What a value under `key` (in `parent`) becomes before bounding: a filtered or scrubbed form, or itself. */
function scrubbed(key: string, parent: string, value: unknown): unknown {
  if (value === null || typeof value === "boolean" || value === undefined) return value;
  // Keys are cut to maxKey when stored; a longer one is judged by what is kept of it.
  if (isSensitiveKey(key.length > PAYLOAD_BOUNDS.maxKey ? key.slice(0, PAYLOAD_BOUNDS.maxKey) : key)) return FILTERED;
  if (typeof value !== "string") return value;
  if (key === "query_string" || key === "query") return value.startsWith("?") ? `?${scrubQuery(value.slice(1))}` : scrubQuery(value);
  if (key === "url") return scrubUrl(value);
  if (key === "data" && parent === "request" && value.length <= 65_536 && FORM_BODY.test(value)) return scrubQuery(value);
  return value;
}

/** `[name, value]` pairs (Python's headers, query strings as lists): a sensitive name's value is filtered. */
function scrubbedPair(item: unknown): unknown {
  return Array.isArray(item) && item.length === 2 && typeof item[0] === "string" && item[1] !== null && typeof item[1] !== "boolean" && isSensitiveKey(item[0]) ? [item[0], FILTERED] : item;
}

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
  const text = storableText(withoutCardNumbers(truncateText(value, walk.bounds.maxString)));
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
    const bounded = boundValue(scrubbedPair(item), walk, depth + 1, itemPlace);
    if (bounded === undefined) break;
    out.push(bounded);
  }
  return keepLatest ? out.reverse() : out;
}

function boundObject(record: Record<string, unknown>, walk: Walk, depth: number, place: Place, keys: readonly string[]): Prisma.InputJsonObject | undefined {
  if (place !== ROOT && !walk.budget.take(2)) return undefined;
  const out: Record<string, JsonOut> = {};
  let members = 0;
  for (const rawKey of keys) {
    if (members >= walk.bounds.maxMembers) break;
    const item = record[rawKey];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    const key = storableText(truncateText(rawKey, walk.bounds.maxKey));
    if (Object.hasOwn(out, key)) continue;
    // Key, colon and comma: when even those do not fit, neither does anything after them.
    if (!walk.budget.take(bytesOf(key) + 2)) break;
    const bounded = boundValue(scrubbed(rawKey, place.key, item), walk, depth + 1, { key: rawKey, parent: place.key });
    if (bounded === undefined) continue;
    // A JSON `__proto__` key is data; plain assignment would set the prototype instead.
    if (key === "__proto__") Object.defineProperty(out, key, { value: bounded, enumerable: true, writable: true, configurable: true });
    else out[key] = bounded;
    members += 1;
  }
  return out;
}
