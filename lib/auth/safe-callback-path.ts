// Where to send a browser after sign-in. Shared by the server (next-auth's redirect callback, the
// sign-in page) and the browser (the sign-in form), so it imports nothing.

const MAX_LENGTH = 2048;
// Browsers drop tabs and newlines inside URLs and treat "\" like "/": "/\evil.com" and "/\t/evil.com"
// both mean //evil.com. Nothing legitimate needs them, so any of them anywhere refuses the value.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;
// A relative path that stays on this origin: "/" alone, or "/" then anything but "/" or "\".
const LOCAL_PATH = /^\/(?![/\\])/;
// Anything a later decode (a router, a proxy, next-auth's cookie) could turn into "//" or "\".
const MAX_DECODES = 4;
const PLACEHOLDER_ORIGIN = "http://callback.invalid";

function decodesSafely(value: string): boolean {
  let current = value;
  for (let i = 0; i < MAX_DECODES; i += 1) {
    if (FORBIDDEN.test(current) || current.startsWith("//")) return false;
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (next === current) return true;
    current = next;
  }
  return false;
}

/**
 * A same-origin path (pathname, query and hash) for a callback URL from user input, or "/".
 * Absolute URLs are accepted only for one of `allowedOrigins` (this site's own), and then reduced
 * to their path; everything else — other origins, "//host", "/\host", encoded variants of those,
 * control characters — gives "/".
 */
export function safeCallbackPath(raw: unknown, allowedOrigins: readonly string[] = []): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  if (FORBIDDEN.test(value)) return "/";
  let candidate: string;
  if (value.startsWith("/")) {
    candidate = value;
  } else {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return "/";
    }
    if (!allowedOrigins.includes(url.origin)) return "/";
    candidate = `${url.pathname}${url.search}${url.hash}`;
  }
  if (!LOCAL_PATH.test(candidate) || !decodesSafely(candidate)) return "/";
  // Resolve dot segments the way a browser will: "/a/..//evil.com" becomes "//evil.com".
  const resolved = new URL(candidate, PLACEHOLDER_ORIGIN);
  if (resolved.origin !== PLACEHOLDER_ORIGIN) return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (!LOCAL_PATH.test(path) || !decodesSafely(path)) return "/";
  return path;
}
