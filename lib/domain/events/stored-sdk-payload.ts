import { z } from "zod";
import type { StackFrame } from "./stored-event";

/**
 * Reading back the Sentry event an SDK sent (Event.payload) for the event page: the exception
 * chain with frames and source context, breadcrumbs, the request, the user, contexts and the SDK.
 * The payload is whatever an SDK (or anything holding a DSN) sent, bounded by intake, so every part
 * is read on its own: a part that does not fit Sentry's documented event format is dropped and
 * counted, never thrown, and the page renders the rest.
 */

export interface SdkFrame extends StackFrame {
  module: string | null;
  /** Source lines before and after `contextLine`, as the SDK sent them. */
  preContext: string[];
  postContext: string[];
  /** Local variables, rendered as short text. */
  vars: [string, string][];
}

export interface SdkException {
  type: string;
  value: string | null;
  module: string | null;
  mechanism: { type: string | null; handled: boolean | null; source: string | null } | null;
  /** Oldest call first, as SDKs send them. */
  frames: SdkFrame[];
}

export interface SdkBreadcrumb {
  timestamp: string | null;
  type: string | null;
  category: string | null;
  level: string | null;
  message: string | null;
  data: [string, string][];
}

export interface SdkRequest {
  method: string | null;
  url: string | null;
  query: [string, string][];
  /** Credentials (cookies, authorization) are listed with their value withheld. */
  headers: { name: string; value: string | null }[];
  /** What the body was, never the body itself: its fields or its length. */
  data: string | null;
}

export interface SdkUser {
  id: string | null;
  email: string | null;
  username: string | null;
  ipAddress: string | null;
  geo: string | null;
}

export interface SdkContext {
  key: string;
  title: string;
  /** A one-line summary (e.g. "Chrome 131.0"), when the context kind has one. */
  headline: string | null;
  entries: [string, string][];
}

export interface SdkEventDetail {
  /** The exception raised first, then what caused it (Sentry's order on the page). */
  exceptions: SdkException[];
  /** A message event's stack trace (`stacktrace` or the crashed thread's), when there is no exception. */
  stacktrace: SdkFrame[];
  /** Oldest first, the latest last. */
  breadcrumbs: SdkBreadcrumb[];
  request: SdkRequest | null;
  user: SdkUser | null;
  contexts: SdkContext[];
  sdk: { name: string; version: string | null } | null;
  platform: string | null;
  transaction: string | null;
  serverName: string | null;
  /** Parts of the payload that could not be read and are not shown. */
  unreadable: number;
}

const MAX_TEXT = 2048;
const MAX_EXCEPTIONS = 20;
const MAX_FRAMES = 250;
const MAX_CONTEXT_LINES = 10;
const MAX_VARS = 50;
const MAX_BREADCRUMBS = 200;
const MAX_ENTRIES = 50;
const MAX_CONTEXTS = 30;

const clip = (value: string, max = MAX_TEXT) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
const text = z.string().transform((s) => clip(s));
const optionalText = text.nullish().transform((s) => (s === undefined || s === null || s.trim() === "" ? null : s));
const lineNumber = z.number().int().nonnegative().nullish().transform((n) => n ?? null);
const record = z.record(z.string(), z.unknown());

/** Any JSON value as one short line: what a variable, a breadcrumb's data or a context field holds. */
export function shortText(value: unknown, max = 300): string {
  if (typeof value === "string") return clip(value, max);
  if (value === null || value === undefined) return String(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return clip(JSON.stringify(value) ?? String(value), max);
  } catch {
    return "[unreadable]";
  }
}

/** Sentry's `timestamp`: seconds since the epoch (float) or an RFC 3339 string. */
function isoTime(value: unknown): string | null {
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? (/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value)) : NaN;
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An object, or a list of [key, value] pairs (how Sentry may send headers, query and tags). */
function pairs(value: unknown, max = MAX_ENTRIES): [string, string][] | null {
  if (Array.isArray(value)) {
    const out: [string, string][] = [];
    for (const item of value.slice(0, max)) {
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === "string") out.push([clip(item[0], 200), shortText(item[1])]);
      else return null;
    }
    return out;
  }
  const parsed = record.safeParse(value);
  if (!parsed.success) return null;
  return Object.entries(parsed.data)
    .slice(0, max)
    .map(([key, v]): [string, string] => [clip(key, 200), shortText(v)]);
}

const lines = z
  .array(z.unknown())
  .nullish()
  .transform((list) => (list ?? []).slice(-MAX_CONTEXT_LINES).map((line) => (typeof line === "string" ? clip(line, 500) : "")));

const frameSchema = z
  .object({
    filename: optionalText,
    abs_path: optionalText,
    module: optionalText,
    package: optionalText,
    function: optionalText,
    lineno: lineNumber,
    colno: lineNumber,
    in_app: z.boolean().nullish(),
    context_line: optionalText,
    pre_context: lines,
    post_context: lines,
    vars: z.unknown().optional(),
  })
  .transform((frame): SdkFrame | null => {
    const filename = frame.filename ?? frame.abs_path ?? frame.module ?? frame.package;
    if (!filename && !frame.function) return null;
    return {
      filename,
      function: frame.function,
      lineno: frame.lineno,
      colno: frame.colno,
      inApp: frame.in_app ?? false,
      contextLine: frame.context_line === null ? null : clip(frame.context_line, 500),
      module: frame.module,
      preContext: frame.context_line === null ? [] : frame.pre_context,
      postContext: frame.context_line === null ? [] : frame.post_context,
      vars: pairs(frame.vars, MAX_VARS) ?? [],
    };
  });

type Counter = { unreadable: number };

function readFrames(stacktrace: unknown, counter: Counter): SdkFrame[] {
  if (stacktrace === null || stacktrace === undefined) return [];
  const list = typeof stacktrace === "object" && !Array.isArray(stacktrace) && "frames" in stacktrace ? stacktrace.frames : undefined;
  if (!Array.isArray(list)) {
    counter.unreadable++;
    return [];
  }
  // The innermost frames (the end of the list) are the ones that matter when a trace is cut.
  counter.unreadable += Math.max(0, list.length - MAX_FRAMES);
  const frames: SdkFrame[] = [];
  for (const item of list.slice(-MAX_FRAMES)) {
    const parsed = frameSchema.safeParse(item);
    if (parsed.success && parsed.data) frames.push(parsed.data);
    else counter.unreadable++;
  }
  return frames;
}

const exceptionSchema = z.object({
  type: optionalText,
  value: z.unknown().optional(),
  module: optionalText,
  mechanism: z
    .object({ type: optionalText, handled: z.boolean().nullish(), source: optionalText })
    .nullish()
    .catch(null),
  stacktrace: z.unknown().optional(),
});

function readExceptions(value: unknown, counter: Counter): SdkException[] {
  if (value === null || value === undefined) return [];
  // `{ values: [...] }` is the documented shape; a bare list or one exception object are older ones.
  const list = Array.isArray(value) ? value : typeof value === "object" && "values" in value ? value.values : [value];
  if (!Array.isArray(list)) {
    counter.unreadable++;
    return [];
  }
  counter.unreadable += Math.max(0, list.length - MAX_EXCEPTIONS);
  const exceptions: SdkException[] = [];
  for (const item of list.slice(-MAX_EXCEPTIONS)) {
    const parsed = exceptionSchema.safeParse(item);
    if (!parsed.success) {
      counter.unreadable++;
      continue;
    }
    const { type, module, mechanism, stacktrace } = parsed.data;
    const valueText = parsed.data.value === undefined || parsed.data.value === null ? null : shortText(parsed.data.value, 4096);
    if (!type && !valueText) {
      counter.unreadable++;
      continue;
    }
    exceptions.push({
      type: type ?? "Error",
      value: valueText,
      module,
      mechanism: mechanism ? { type: mechanism.type, handled: mechanism.handled ?? null, source: mechanism.source } : null,
      frames: readFrames(stacktrace, counter),
    });
  }
  // SDKs list the chain innermost cause first and the raised exception last; the page leads with the raised one.
  return exceptions.reverse();
}

function readThreadFrames(payload: Record<string, unknown>, counter: Counter): SdkFrame[] {
  if (payload.stacktrace !== undefined && payload.stacktrace !== null) return readFrames(payload.stacktrace, counter);
  const threads = record.safeParse(payload.threads);
  const values = threads.success ? threads.data.values : Array.isArray(payload.threads) ? payload.threads : undefined;
  if (!Array.isArray(values)) return [];
  const withStack = values.filter((t): t is Record<string, unknown> => typeof t === "object" && t !== null && "stacktrace" in t);
  const thread = withStack.find((t) => t.crashed === true) ?? withStack.find((t) => t.current === true) ?? withStack[0];
  return thread ? readFrames(thread.stacktrace, counter) : [];
}

const breadcrumbSchema = z
  .object({
    timestamp: z.unknown().optional(),
    type: optionalText,
    category: optionalText,
    level: optionalText,
    message: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .transform(
    (crumb): SdkBreadcrumb => ({
      timestamp: isoTime(crumb.timestamp),
      type: crumb.type,
      category: crumb.category,
      level: crumb.level,
      message: crumb.message === undefined || crumb.message === null || crumb.message === "" ? null : shortText(crumb.message, 1000),
      data: pairs(crumb.data, 20) ?? (crumb.data === undefined || crumb.data === null ? [] : [["data", shortText(crumb.data)]]),
    }),
  );

function readBreadcrumbs(value: unknown, counter: Counter): SdkBreadcrumb[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : typeof value === "object" && "values" in value ? value.values : null;
  if (!Array.isArray(list)) {
    counter.unreadable++;
    return [];
  }
  counter.unreadable += Math.max(0, list.length - MAX_BREADCRUMBS);
  const crumbs: SdkBreadcrumb[] = [];
  for (const item of list.slice(-MAX_BREADCRUMBS)) {
    const parsed = breadcrumbSchema.safeParse(item);
    if (parsed.success && (parsed.data.message || parsed.data.category || parsed.data.data.length > 0)) crumbs.push(parsed.data);
    else counter.unreadable++;
  }
  return crumbs;
}

/** Headers whose value is a credential: named, never shown, whatever intake kept. */
const CREDENTIAL_HEADERS = new Set(["cookie", "set-cookie", "authorization", "proxy-authorization", "x-sentry-auth", "x-api-key", "x-auth-token", "x-csrf-token"]);

function dataSummary(data: unknown): string | null {
  if (data === undefined || data === null || data === "") return null;
  if (typeof data === "string") return `${data.length} ${data.length === 1 ? "character" : "characters"} of text`;
  if (Array.isArray(data)) return `a list of ${data.length} ${data.length === 1 ? "item" : "items"}`;
  if (typeof data === "object") {
    const keys = Object.keys(data);
    if (keys.length === 0) return "an empty object";
    const shown = keys.slice(0, 12).map((k) => clip(k, 60));
    return `${keys.length} ${keys.length === 1 ? "field" : "fields"}: ${shown.join(", ")}${keys.length > shown.length ? ", …" : ""}`;
  }
  return typeof data;
}

function queryPairs(value: unknown): [string, string][] | null {
  if (value === undefined || value === null || value === "") return [];
  if (typeof value === "string") {
    const params = new URLSearchParams(value.startsWith("?") ? value.slice(1) : value);
    return [...params.entries()].slice(0, MAX_ENTRIES).map(([k, v]): [string, string] => [clip(k, 200), clip(v, 300)]);
  }
  return pairs(value);
}

const requestSchema = z.object({
  method: optionalText,
  url: optionalText,
  query_string: z.unknown().optional(),
  headers: z.unknown().optional(),
  data: z.unknown().optional(),
});

function readRequest(value: unknown, counter: Counter): SdkRequest | null {
  if (value === null || value === undefined) return null;
  const parsed = requestSchema.safeParse(value);
  if (!parsed.success) {
    counter.unreadable++;
    return null;
  }
  const query = queryPairs(parsed.data.query_string);
  const headers = parsed.data.headers === undefined || parsed.data.headers === null ? [] : pairs(parsed.data.headers);
  if (query === null) counter.unreadable++;
  if (headers === null) counter.unreadable++;
  const request: SdkRequest = {
    method: parsed.data.method ? clip(parsed.data.method.toUpperCase(), 16) : null,
    url: parsed.data.url,
    query: query ?? [],
    headers: (headers ?? []).map(([name, v]) => ({ name, value: CREDENTIAL_HEADERS.has(name.toLowerCase()) ? null : v })),
    data: dataSummary(parsed.data.data),
  };
  return request.method || request.url || request.query.length || request.headers.length || request.data ? request : null;
}

const userSchema = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  email: optionalText,
  username: optionalText,
  name: optionalText,
  ip_address: optionalText,
  geo: z
    .object({ city: optionalText, region: optionalText, country_code: optionalText })
    .nullish()
    .catch(null),
});

function readUser(value: unknown, counter: Counter): SdkUser | null {
  if (value === null || value === undefined) return null;
  const parsed = userSchema.safeParse(value);
  if (!parsed.success) {
    counter.unreadable++;
    return null;
  }
  const { id, email, username, name, ip_address: ipAddress, geo } = parsed.data;
  const place = geo ? [geo.city, geo.region, geo.country_code].filter(Boolean).join(", ") : "";
  const user: SdkUser = {
    id: id === null || id === undefined || id === "" ? null : clip(String(id), 200),
    email,
    username: username ?? name,
    ipAddress,
    geo: place || null,
  };
  return Object.values(user).some(Boolean) ? user : null;
}

const CONTEXT_TITLES: Record<string, string> = {
  browser: "Browser",
  os: "Operating system",
  client_os: "Client OS",
  runtime: "Runtime",
  device: "Device",
  app: "App",
  trace: "Trace",
  culture: "Culture",
  gpu: "GPU",
  cloud_resource: "Cloud resource",
  response: "Response",
  state: "State",
};
const CONTEXT_ORDER = ["browser", "os", "client_os", "runtime", "device", "app", "trace"];

function bytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function contextValue(key: string, value: unknown): string {
  if (typeof value === "number" && /(^|_)(memory|storage)(_|$)|_size$/.test(key) && value > 0) return bytes(value);
  return shortText(value);
}

function readContexts(value: unknown, counter: Counter): SdkContext[] {
  if (value === null || value === undefined) return [];
  const parsed = record.safeParse(value);
  if (!parsed.success) {
    counter.unreadable++;
    return [];
  }
  const keys = Object.keys(parsed.data);
  const ordered = [...CONTEXT_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !CONTEXT_ORDER.includes(k)).sort()];
  counter.unreadable += Math.max(0, ordered.length - MAX_CONTEXTS);
  const contexts: SdkContext[] = [];
  for (const key of ordered.slice(0, MAX_CONTEXTS)) {
    const fields = record.safeParse(parsed.data[key]);
    if (!fields.success) {
      counter.unreadable++;
      continue;
    }
    // `type` only repeats which kind of context this is.
    const entries = Object.entries(fields.data)
      .filter(([k, v]) => k !== "type" && v !== null && v !== undefined && v !== "")
      .slice(0, MAX_ENTRIES)
      .map(([k, v]): [string, string] => [clip(k, 200), contextValue(k, v)]);
    if (entries.length === 0) continue;
    const name = typeof fields.data.name === "string" && fields.data.name.trim() !== "" ? fields.data.name.trim() : null;
    const version = typeof fields.data.version === "string" ? fields.data.version.trim() : null;
    const type = typeof fields.data.type === "string" ? fields.data.type : key;
    // The headline says name and version; the card lists the rest (or them alone, when that is all there is).
    const rest = name ? entries.filter(([k]) => k !== "name" && (k !== "version" || !version)) : entries;
    contexts.push({
      key: clip(key, 200),
      title: CONTEXT_TITLES[key] ?? CONTEXT_TITLES[type] ?? clip(key, 200),
      headline: name ? clip([name, version].filter(Boolean).join(" "), 200) : null,
      entries: rest,
    });
  }
  return contexts;
}

const sdkSchema = z.object({ name: text, version: optionalText });

/**
 * The SDK payload of an event, or null when the event has none (it came from the JSON API, or
 * what is stored is not an object): the page then shows the event as before.
 */
export function parseStoredSdkPayload(payload: unknown, columns: { platform?: string | null; transaction?: string | null } = {}): SdkEventDetail | null {
  const root = record.safeParse(payload);
  if (!root.success) return null;
  const event = root.data;
  const counter: Counter = { unreadable: 0 };
  const exceptions = readExceptions(event.exception, counter);
  const sdk = event.sdk === undefined || event.sdk === null ? null : sdkSchema.safeParse(event.sdk);
  if (sdk && !sdk.success) counter.unreadable++;
  const textOf = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? clip(value, 512) : null);
  return {
    exceptions,
    stacktrace: exceptions.length === 0 ? readThreadFrames(event, counter) : [],
    breadcrumbs: readBreadcrumbs(event.breadcrumbs, counter),
    request: readRequest(event.request, counter),
    user: readUser(event.user, counter),
    contexts: readContexts(event.contexts, counter),
    sdk: sdk?.success ? { name: sdk.data.name, version: sdk.data.version } : null,
    platform: columns.platform ?? textOf(event.platform),
    transaction: columns.transaction ?? textOf(event.transaction),
    serverName: textOf(event.server_name),
    unreadable: counter.unreadable,
  };
}
