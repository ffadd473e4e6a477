import { AppError } from "@/lib/errors";
import { findUnstorableText, hasUnstorableText } from "@/lib/text/unstorable-text";

const MESSAGE = "Text may not contain NUL characters or unpaired surrogates";

/** Why a request was refused: 400 naming where the text was (`body field "fields.description"`). */
export function invalidCharacters(location: "body" | "path" | "query", field: string): AppError {
  const where = location === "body" ? (field ? `body field "${field}"` : "body") : `${location} parameter "${field}"`;
  return new AppError(400, "invalid_characters", `${MESSAGE} (${where})`, { location, field });
}

/** Refuses a parsed JSON body holding text PostgreSQL cannot store, naming the field. */
export function rejectUnstorableText(value: unknown): void {
  const path = findUnstorableText(value);
  if (path !== null) throw invalidCharacters("body", path);
}

function decodeComponent(raw: string, location: "path" | "query", field: string): string {
  try {
    return decodeURIComponent(location === "query" ? raw.replace(/\+/g, " ") : raw);
  } catch {
    throw new AppError(400, "invalid_characters", `Malformed percent-encoding (${location} parameter "${field}")`, { location, field });
  }
}

/**
 * Refuses route parameters and URL query parameters that are malformed percent-encoding or decode
 * to NUL or unpaired surrogates, before a handler can use them in a query.
 */
export function rejectUnstorableRequestParts(request: Request, params: unknown): void {
  if (typeof params === "object" && params !== null) {
    for (const [name, value] of Object.entries(params)) {
      const path = findUnstorableText(value);
      if (path !== null || hasUnstorableText(name)) throw invalidCharacters("path", name);
    }
  }
  const url = new URL(request.url);
  for (const segment of url.pathname.split("/")) {
    if (hasUnstorableText(decodeComponent(segment, "path", segment))) throw invalidCharacters("path", segment);
  }
  // URLSearchParams would quietly turn bad encoding into U+FFFD; the raw query is checked instead.
  for (const pair of url.search.slice(1).split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const name = decodeComponent(rawName, "query", rawName);
    const value = equals < 0 ? "" : decodeComponent(pair.slice(equals + 1), "query", name);
    if (hasUnstorableText(name) || hasUnstorableText(value)) throw invalidCharacters("query", name);
  }
}
