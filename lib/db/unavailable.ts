import { DatabaseInUseError } from "./data-dir-lock";
import { DatabaseDamagedError } from "./data-dir";

// What a database outage looks like by the time it reaches a route: a Prisma error whose
// driver-adapter cause says so, a raw pg error (pg-boss), or our own refusal to open PGlite.

/** Prisma's codes for "could not talk to the database" (not for a bad query). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** Driver adapter error kinds with the same meaning. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Node socket errors on the way to the database. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
/** pg and Prisma messages that carry no code. */
const MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
  /Unable to start a transaction in the given time/i,
  /Timed out fetching a new connection from the connection pool/i,
];

/** SQLSTATE: admin shutdown / crash shutdown / cannot connect now, every connection exception, too many connections. */
function unavailableSqlState(code: string): boolean {
  return /^57P0[1-3]$/.test(code) || /^08[0-9A-Z]{3}$/.test(code) || code === "53300";
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
}

/** The error, its causes, a Prisma error's driver-adapter error and an AggregateError's parts. */
function chain(error: unknown): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  const visit = (value: unknown) => {
    const item = record(value);
    if (!item || seen.includes(item) || seen.length > 20) return;
    seen.push(item);
    visit(item.cause);
    visit(record(item.meta)?.driverAdapterError);
    if (Array.isArray(item.errors)) item.errors.forEach(visit);
  };
  visit(error);
  return seen;
}

/** Whether the error means the database cannot be reached right now (answer 503), not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseInUseError || error instanceof DatabaseDamagedError) return true;
  const items = chain(error);
  // An outgoing HTTP call (fetch) that could not connect fails with the same socket codes.
  if (items.some((item) => item.message === "fetch failed")) return false;
  return items.some((item) => {
    const code = typeof item.code === "string" ? item.code : "";
    const kind = typeof item.kind === "string" ? item.kind : "";
    if (PRISMA_CODES.has(code) || ADAPTER_KINDS.has(kind)) return true;
    if (kind === "postgres" || typeof item.severity === "string" || typeof item.originalCode === "string") {
      if (unavailableSqlState(code) || unavailableSqlState(String(item.originalCode ?? ""))) return true;
      // FATAL ends the session (the server refuses this connection); no request can cause it.
      if (item.severity === "FATAL" || item.severity === "PANIC") return true;
    }
    // A socket error carries the syscall that failed; an aborted HTTP request (ECONNRESET too) does not.
    if (SOCKET_CODES.has(code) && typeof item.syscall === "string") return true;
    const message = typeof item.message === "string" ? item.message : "";
    return MESSAGES.some((pattern) => pattern.test(message));
  });
}

function adapterMessage(item: Record<string, unknown>): string | null {
  switch (item.kind) {
    case "DatabaseNotReachable":
      return `Can't reach database server at ${String(item.host)}:${String(item.port)}`;
    case "ConnectionClosed":
      return "the database server closed the connection";
    case "SocketTimeout":
      return "the connection to the database server timed out";
    case "TooManyConnections":
      return `too many connections: ${String(item.cause)}`;
    case "postgres":
      return `${String(item.message)} (${String(item.code)})`;
    default:
      return null;
  }
}

/**
 * One line saying what went wrong, for logs and the health check: Prisma puts the reason on the
 * last line of a multi-line message that starts with an empty one, and a connection refused on
 * both IPv4 and IPv6 is an AggregateError with no message at all.
 */
export function describeError(error: unknown): string {
  for (const item of chain(error)) {
    const text = adapterMessage(item);
    if (text) return text.slice(0, 300);
  }
  for (const item of chain(error)) {
    const lines = (typeof item.message === "string" ? item.message : "").split("\n").map((line) => line.trim()).filter(Boolean);
    const line = /^Invalid `.*` invocation/.test(lines[0] ?? "") ? lines.at(-1) : lines[0];
    if (line) return line.slice(0, 300);
    if (typeof item.code === "string") return item.code;
  }
  return String(error).slice(0, 300) || "unknown error";
}
