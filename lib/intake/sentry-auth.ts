import { AppError, unauthorized } from "@/lib/errors";

// How a Sentry SDK names its client key, read as Sentry's relay reads it
// (relay-server/src/extractors/request_meta.rs): the `X-Sentry-Auth: Sentry sentry_key=…,
// sentry_version=7, sentry_client=…` header, or the same pairs in the query string
// (`?sentry_key=…&sentry_version=7`, what the JavaScript SDKs send), or — for envelopes only — the
// `dsn` in the envelope's header line, whose username is the key.

export interface SentryAuth {
  publicKey: string;
  /** The SDK's `name/version` (sentry_client), for logs. */
  client?: string;
}

/** The key an envelope header's DSN names, and the project id that is its last path segment. */
export interface DsnAuth {
  publicKey: string;
  ingestId: number | null;
}

const MAX_HEADER_LENGTH = 2048;

/** The `sentry_*` pairs of an `X-Sentry-Auth` value; relay's BadAuth (401) when it is not `Sentry k=v, …`. */
export function parseSentryAuthHeader(header: string): Map<string, string> {
  if (header.length > MAX_HEADER_LENGTH || !/^sentry\s/i.test(header)) {
    throw unauthorized("X-Sentry-Auth must be `Sentry sentry_key=<public key>, sentry_version=7`");
  }
  const pairs = new Map<string, string>();
  for (const part of header.slice(7).split(",")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const equals = trimmed.indexOf("=");
    if (equals <= 0) throw unauthorized(`X-Sentry-Auth has a part without a value ("${trimmed.slice(0, 40)}")`);
    // Old SDKs prefix every name with "sentry_"; relay accepts the names with or without it.
    const name = trimmed.slice(0, equals).trim().toLowerCase().replace(/^sentry_/, "");
    pairs.set(name, trimmed.slice(equals + 1).trim());
  }
  return pairs;
}

/**
 * The key the request's header or query names, or null when neither does (an envelope may still
 * carry it in its DSN). Both naming different keys is ambiguous: 401, as relay's MultipleAuth.
 */
export function requestSentryAuth(request: Request, url: URL = new URL(request.url)): SentryAuth | null {
  const header = request.headers.get("x-sentry-auth");
  const fromHeader = header === null ? null : parseSentryAuthHeader(header);
  const headerKey = fromHeader?.get("key");
  if (fromHeader && !headerKey) throw unauthorized("X-Sentry-Auth names no sentry_key");
  const queryKey = url.searchParams.get("sentry_key");
  if (headerKey && queryKey && headerKey !== queryKey) {
    throw unauthorized("The X-Sentry-Auth header and the sentry_key query parameter name different keys");
  }
  const publicKey = headerKey ?? queryKey;
  if (!publicKey) return null;
  const client = fromHeader?.get("client") ?? url.searchParams.get("sentry_client") ?? undefined;
  return { publicKey, client: client?.slice(0, 200) };
}

/** The key and project id in an envelope header's `dsn` (`https://<key>[:<secret>]@host[/path]/<id>`); 401 when it is no DSN. */
export function parseDsn(dsn: string): DsnAuth {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new AppError(401, "unauthorized", "The envelope header's dsn is not a URL");
  }
  // Keys are hex, so the username is used as sent (no percent-decoding to go wrong).
  const publicKey = url.username;
  if (!publicKey) throw new AppError(401, "unauthorized", "The envelope header's dsn names no public key");
  const last = url.pathname.replace(/\/+$/, "").split("/").pop() ?? "";
  return { publicKey, ingestId: /^\d{1,10}$/.test(last) ? Number(last) : null };
}
