import { configuredOrigins } from "./app-origins";
import { ApiError } from "./errors";

// A browser attaches the session cookie to requests other sites start (SameSite=Lax still lets a
// sibling subdomain post a form), so a cookie alone does not show the dashboard sent a request.
// Two things do: the browser's own statement of where the request comes from, which pages cannot
// forge, and a JSON body, which no form can send and a cross-origin fetch can only send after a
// CORS preflight that Tether never grants.

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const crossSiteRequest = () =>
  new ApiError(403, "cross_site_request", "This request did not come from a Tether page; send it from the dashboard or with an API token");
const unsupportedMediaType = () => new ApiError(415, "unsupported_media_type", "Send the request body as application/json");

/** The origins the dashboard may be on for this request: its own URL and Host, and the configured public URLs. */
function dashboardOrigins(request: Request): Set<string> {
  const url = new URL(request.url);
  const origins = new Set([url.origin, ...configuredOrigins()]);
  const host = request.headers.get("host");
  if (host) origins.add(`${url.protocol}//${host.toLowerCase()}`);
  return origins;
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

function comesFromDashboard(request: Request): boolean {
  const origins = dashboardOrigins(request);
  const origin = request.headers.get("origin");
  // "null" (sandboxed frames, cross-origin redirects) is in no list.
  if (origin !== null) return origins.has(origin);
  // Older browsers omit Origin on same-origin requests; their fetch metadata or Referer tells.
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const referer = request.headers.get("referer");
  const refererOrigin = referer ? originOf(referer) : null;
  return refererOrigin !== null && origins.has(refererOrigin);
}

function hasBody(request: Request): boolean {
  if (request.headers.has("transfer-encoding")) return true;
  const length = Number(request.headers.get("content-length") ?? "0");
  return !Number.isFinite(length) || length > 0;
}

/**
 * For requests a browser session makes: a state change (POST, PUT, PATCH, DELETE) must come from
 * the dashboard's origin (403 cross_site_request otherwise) and carry JSON if it carries anything
 * (415). Reads and API-token requests are not checked.
 */
export function assertSameOriginRequest(request: Request): void {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return;
  if (!comesFromDashboard(request)) throw crossSiteRequest();
  const contentType = request.headers.get("content-type");
  if (contentType === null ? hasBody(request) : contentType.split(";")[0].trim().toLowerCase() !== "application/json") {
    throw unsupportedMediaType();
  }
}
