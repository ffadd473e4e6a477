import { badRequest } from "@/lib/errors";
import { DEFAULT_FINGERPRINT_PART, MAX_FUTURE_MS, type LEVELS } from "@/lib/domain/events/schema";
import type { IngestEventInput } from "@/lib/domain/events/prepare-event";
import { boundPayload, storableText, truncateText, withoutCardNumbers } from "./bound-payload";
import { sentryGroupingParts, type GroupingException, type GroupingFrame } from "./sentry-grouping";

// The contract between the SDK endpoints and ingestion: a Sentry event payload (what `@sentry/*`
// and `sentry-sdk` put in an `event` envelope item or POST to /store/) in, Tether's ingest input
// out (https://develop.sentry.dev/sdk/data-model/event-payloads/). An SDK's event is never refused
// for its content: what does not fit Tether's event is cut, replaced or left out, and the SDK's
// event itself is kept (bounded) as the payload.

type Json = Record<string, unknown>;
type Level = (typeof LEVELS)[number];
type Frame = NonNullable<IngestEventInput["stacktrace"]>["frames"][number];

const MAX_FRAMES = 250;
const MAX_TAGS = 50;
const MAX_CHAIN = 25;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Storable, trimmed, at most `max` characters, card numbers filtered (as in the stored payload);
 * undefined when empty. Numbers count as text (SDKs send ids as numbers).
 */
function text(value: unknown, max: number): string | undefined {
  const raw = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  if (raw === undefined) return undefined;
  const cleaned = storableText(withoutCardNumbers(truncateText(raw.trim(), max))).trim();
  return cleaned === "" ? undefined : cleaned;
}

const firstLine = (value: string) => value.split(/\r?\n/, 1)[0].trim();

const LEVEL_ALIASES: Record<string, Level> = {
  fatal: "fatal",
  critical: "fatal",
  error: "error",
  warning: "warning",
  warn: "warning",
  info: "info",
  log: "info",
  debug: "debug",
};

function levelOf(value: unknown): Level {
  return (typeof value === "string" && LEVEL_ALIASES[value.trim().toLowerCase()]) || "error";
}

function eventIdOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const hex = value.trim().toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex)) return hex;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(hex) ? hex.replaceAll("-", "") : undefined;
}

/** Float seconds or an ISO string (a zone-less one is UTC, as Python's SDK means it); unusable or over a day ahead → none, so the received time is used. */
function timestampOf(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) date = new Date(value * 1000);
  else if (typeof value === "string") {
    const iso = value.trim();
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) date = new Date(`${iso}Z`);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) date = new Date(iso);
    else if (/^\d+(\.\d+)?$/.test(iso)) date = new Date(Number(iso) * 1000);
  }
  if (!date || Number.isNaN(date.getTime())) return undefined;
  if (date.getTime() > Date.now() + MAX_FUTURE_MS) return undefined;
  // Before 1970 is a broken clock; PostgreSQL would store it, but the group's times would lie.
  return date.getTime() >= 0 ? date : undefined;
}

const MAX_MESSAGE = 8192;
// Deeper params print as "…": a log line shows a value, not a document.
const MAX_PARAM_DEPTH = 8;

/**
 * A param as the text a placeholder stands for (a string as itself, anything else JSON-like), at
 * most `limit` characters. Walks at most MAX_PARAM_DEPTH levels and stops at the limit, so a
 * param nested thousands deep or holding a million items costs no more than the message can show.
 */
function paramText(param: unknown, limit: number): string {
  if (typeof param === "string") return param.slice(0, limit);
  if (typeof param !== "object" || param === null) return String(param).slice(0, limit);
  const out: string[] = [];
  let left = limit;
  const write = (piece: string) => {
    const cut = piece.length > left ? piece.slice(0, left) : piece;
    out.push(cut);
    left -= cut.length;
  };
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === "string") return write(JSON.stringify(value.length > left ? value.slice(0, left) : value));
    if (typeof value === "number") return write(Number.isFinite(value) ? String(value) : "null");
    if (typeof value === "boolean") return write(String(value));
    if (typeof value !== "object" || value === null) return write("null");
    if (depth >= MAX_PARAM_DEPTH) return write("…");
    const array = Array.isArray(value);
    const items: readonly unknown[] = array ? value : [];
    const record = value as Json;
    const keys = array ? undefined : Object.keys(record);
    const count = keys ? keys.length : items.length;
    write(array ? "[" : "{");
    for (let i = 0; i < count && left > 0; i++) {
      if (i > 0) write(",");
      if (keys) write(`${JSON.stringify(keys[i].length > left ? keys[i].slice(0, left) : keys[i])}:`);
      walk(keys ? record[keys[i]] : items[i], depth + 1);
    }
    write(array ? "]" : "}");
  };
  walk(param, 0);
  return out.join("");
}

const PLACEHOLDER = /%(\(([^)]+)\))?([sdrif%])/g;

/**
 * `%s` placeholders (Python logging, Sentry's logentry) filled in order; `%%` is a literal percent.
 * Writes at most `max` + 1 characters (one over, so the caller's cut marks it): placeholders
 * repeating a large param, or a template of a million `%s`, stop at what can be shown.
 */
function formatLogMessage(template: string, params: unknown, max = MAX_MESSAGE): string {
  const values = Array.isArray(params) ? params : isObject(params) ? params : undefined;
  if (!values) return template;
  const out: string[] = [];
  let left = max + 1;
  const write = (piece: string) => {
    const cut = piece.length > left ? piece.slice(0, left) : piece;
    out.push(cut);
    left -= cut.length;
  };
  // A named param may be repeated: each is turned into text once.
  const rendered = new Map<string, string>();
  let index = 0;
  let from = 0;
  const placeholders = new RegExp(PLACEHOLDER);
  for (let match = placeholders.exec(template); match && left > 0; match = placeholders.exec(template)) {
    write(template.slice(from, match.index));
    from = match.index + match[0].length;
    const [whole, , name, kind] = match;
    if (kind === "%") {
      write("%");
      continue;
    }
    const key = name !== undefined ? `(${name}` : String(index);
    const param: unknown =
      name !== undefined ? (!Array.isArray(values) && Object.hasOwn(values, name) ? values[name] : undefined) : Array.isArray(values) ? values[index++] : undefined;
    if (param === undefined) {
      write(whole);
      continue;
    }
    let text = rendered.get(key);
    if (text === undefined) rendered.set(key, (text = paramText(param, max + 1)));
    write(text);
  }
  if (left > 0) write(template.slice(from));
  return out.join("");
}

interface MessageParts {
  /** As shown: formatted. */
  formatted?: string;
  /** What groups: the template before its params were filled in. */
  template?: string;
}

function messageOf(event: Json): MessageParts {
  for (const source of [event.logentry, event.message]) {
    if (typeof source === "string" && source.trim() !== "") return { formatted: source, template: source };
    if (!isObject(source)) continue;
    const template = typeof source.message === "string" && source.message.trim() !== "" ? source.message : undefined;
    const formatted = typeof source.formatted === "string" && source.formatted.trim() !== "" ? source.formatted : template && formatLogMessage(template, source.params);
    if (formatted || template) return { formatted: formatted ?? template, template: template ?? formatted };
  }
  return {};
}

/** The chain as Sentry lists it: oldest cause first, the raised exception last. */
function exceptionsOf(event: Json): Json[] {
  const exception = event.exception;
  const values = Array.isArray(exception) ? exception : isObject(exception) ? (Array.isArray(exception.values) ? exception.values : "type" in exception || "value" in exception ? [exception] : []) : [];
  // SDKs link 5 causes by default; a longer chain only makes grouping and the page slower.
  return values.filter(isObject).slice(-MAX_CHAIN);
}

/**
 * `captureMessage` in @sentry/node (with stack traces attached) wraps the message in a
 * synthetic exception that has no type. It is a message with a stack, not an error: shown and
 * grouped as a message, its frames kept as the event's stacktrace.
 */
function isMessageCarrier(exception: Json): boolean {
  return isObject(exception.mechanism) && exception.mechanism.synthetic === true && text(exception.type, 256) === undefined && text(exception.module, 256) === undefined;
}

function rawFrames(stacktrace: unknown): Json[] | undefined {
  if (!isObject(stacktrace) || !Array.isArray(stacktrace.frames)) return undefined;
  // Innermost frames last; the ones nearest the error are the ones worth keeping.
  return stacktrace.frames.filter(isObject).slice(-MAX_FRAMES);
}

/** Messages from Python or Java carry their stack on the thread that logged them: the crashed one, else the current one, else the first with frames. */
function threadFrames(event: Json): Json[] | undefined {
  const threads = isObject(event.threads) ? event.threads.values : Array.isArray(event.threads) ? event.threads : undefined;
  if (!Array.isArray(threads)) return undefined;
  const withFrames = threads.filter(isObject).filter((thread) => rawFrames(thread.stacktrace)?.length);
  const thread = withFrames.find((t) => t.crashed === true) ?? withFrames.find((t) => t.current === true) ?? withFrames[0];
  return thread ? rawFrames(thread.stacktrace) : undefined;
}

const lineNumber = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

function groupingFrame(frame: Json): GroupingFrame {
  return {
    module: text(frame.module, 512),
    filename: text(frame.filename, 512),
    absPath: text(frame.abs_path, 512),
    function: text(frame.function, 256),
    inApp: typeof frame.in_app === "boolean" ? frame.in_app : undefined,
    contextLine: text(frame.context_line, 256),
  };
}

function tetherFrame(frame: GroupingFrame, raw: Json): Frame {
  const out: Frame = {};
  const filename = frame.filename ?? frame.absPath ?? frame.module;
  if (filename) out.filename = filename;
  if (frame.function) out.function = frame.function;
  const lineno = lineNumber(raw.lineno);
  const colno = lineNumber(raw.colno);
  if (lineno !== undefined) out.lineno = lineno;
  if (colno !== undefined) out.colno = colno;
  if (frame.inApp !== undefined) out.inApp = frame.inApp;
  return out;
}

/** Sentry's culprit: `module or filename` in function, of the innermost in-app frame (else the innermost). */
function culpritOf(frames: readonly GroupingFrame[]): string | undefined {
  const frame = [...frames].reverse().find((f) => f.inApp === true) ?? frames[frames.length - 1];
  if (!frame) return undefined;
  const where = frame.module ?? frame.filename ?? frame.absPath;
  const culprit = where && frame.function ? `${where} in ${frame.function}` : (frame.function ?? where);
  return text(culprit, 512);
}

const TAG_KEY = /[^a-zA-Z0-9_.:-]+/g;

function tagsOf(value: unknown): Record<string, string> | undefined {
  const entries: [unknown, unknown][] = Array.isArray(value)
    ? value.filter((pair): pair is unknown[] => Array.isArray(pair) && pair.length >= 2).map((pair) => [pair[0], pair[1]])
    : isObject(value)
      ? Object.entries(value)
      : [];
  const tags: Record<string, string> = {};
  let count = 0;
  for (const [rawKey, rawValue] of entries) {
    if (count >= MAX_TAGS) break;
    if (typeof rawKey !== "string") continue;
    const key = rawKey.trim().replace(TAG_KEY, "_").slice(0, 32).replace(/^_+|_+$/g, "");
    if (key === "" || Object.hasOwn(tags, key)) continue;
    const tagValue = typeof rawValue === "string" ? rawValue : typeof rawValue === "number" || typeof rawValue === "boolean" ? String(rawValue) : undefined;
    if (tagValue === undefined) continue;
    tags[key] = storableText(withoutCardNumbers(truncateText(tagValue, 200)));
    count += 1;
  }
  return count > 0 ? tags : undefined;
}

function userOf(value: unknown): IngestEventInput["user"] {
  if (!isObject(value)) return undefined;
  const ip = text(value.ip_address, 64);
  const user = {
    id: text(value.id, 128),
    email: text(value.email, 254),
    username: text(value.username, 128),
    // `{{auto}}` asks the server to fill in the client's address, which Tether does not record.
    ipAddress: ip && ip !== "{{auto}}" ? ip : undefined,
  };
  const present = Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined));
  return Object.keys(present).length > 0 ? present : undefined;
}

/** Releases name Tether's release pages, whose paths cannot carry slashes or line breaks: those become `-` and spaces. */
function releaseOf(value: unknown): string | undefined {
  const release = text(value, 250);
  return release ? text(release.replace(/[/\\]/g, "-").replace(/[\n\r\t]+/g, " "), 250) : undefined;
}

function fingerprintOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts = value
    .map((part) => (typeof part === "string" ? part : typeof part === "number" || typeof part === "boolean" ? String(part) : undefined))
    .filter((part): part is string => part !== undefined && part.trim() !== "")
    // Sentry accepts `{{default}}` without the spaces.
    .map((part) => (/^\{\{\s*default\s*\}\}$/i.test(part.trim()) ? DEFAULT_FINGERPRINT_PART : storableText(truncateText(part, 256))))
    .slice(0, 20);
  return parts.length > 0 ? parts : undefined;
}

/** Reads one Sentry event; 400 only when the payload is not an event object. */
export function normalizeSentryEvent(payload: unknown): IngestEventInput {
  if (!isObject(payload)) throw badRequest("An event must be a JSON object");
  const event = payload;

  const exceptions = exceptionsOf(event);
  const carrier = exceptions.length > 0 && isMessageCarrier(exceptions[exceptions.length - 1]) ? exceptions[exceptions.length - 1] : undefined;
  const topFrames = rawFrames(event.stacktrace) ?? rawFrames(carrier?.stacktrace) ?? threadFrames(event);
  const chain = (carrier ? [] : exceptions).map((exception, index, all): GroupingException & { raw: Json[] | undefined } => {
    const type = text(exception.type, 256) ?? text(exception.module, 256) ?? "Error";
    // The raised exception may have left its frames at the top level (older SDKs).
    const raw = rawFrames(exception.stacktrace) ?? (index === all.length - 1 ? topFrames : undefined);
    return { type, value: text(exception.value, 4096), frames: raw?.map(groupingFrame), raw };
  });
  const raised = chain[chain.length - 1];
  const rawStack = raised ? raised.raw : topFrames;
  const frames = raised ? raised.frames : rawStack?.map(groupingFrame);
  const message = messageOf(event);
  if (carrier && !message.formatted) message.formatted = message.template = text(carrier.value, MAX_MESSAGE);
  const formatted = text(message.formatted, MAX_MESSAGE);
  const transaction = text(event.transaction, 512);

  let title = "<unlabeled event>";
  if (raised) {
    const value = raised.value ? firstLine(raised.value) : "";
    title = value ? `${raised.type}: ${value}` : raised.type;
  } else if (formatted) title = firstLine(formatted) || formatted.replace(/\s+/g, " ");
  title = text(title, 1024) ?? "<unlabeled event>";

  const culprit = transaction ?? (frames?.length ? culpritOf(frames) : undefined);

  return {
    eventId: eventIdOf(event.event_id),
    level: levelOf(event.level),
    title,
    message: formatted,
    culprit,
    exception: raised ? { type: raised.type, value: raised.value } : undefined,
    stacktrace: frames?.length && rawStack ? { frames: frames.map((frame, i) => tetherFrame(frame, rawStack[i])) } : undefined,
    tags: tagsOf(event.tags),
    user: userOf(event.user),
    release: releaseOf(event.release),
    environment: text(event.environment, 64),
    timestamp: timestampOf(event.timestamp),
    fingerprint: fingerprintOf(event.fingerprint),
    platform: text(event.platform, 64),
    transaction,
    payload: boundPayload(event),
    groupingParts: sentryGroupingParts({
      exceptions: chain.map(({ type, value, frames: chainFrames }) => ({ type, value, frames: chainFrames })),
      message: text(message.template, MAX_MESSAGE),
    }),
  };
}
