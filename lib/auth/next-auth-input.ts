import { NextRequest, NextResponse } from "next/server";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { configuredOrigins } from "@/lib/http/app-origins";
import { parseJsonText, readRawBody } from "@/lib/input/request-body";
import { isClientAbort } from "@/lib/http/client-abort";
import { ApiError, errorResponse, notFound } from "@/lib/http/errors";
import { rejectUnstorableText } from "@/lib/input/unstorable-input";
import { logger } from "@/lib/logger";
import { authOptions } from "./options";
import { safeCallbackPath } from "./safe-callback-path";

// next-auth answers 500 ("a problem with the server configuration") to a callbackUrl query
// parameter or cookie that is not an http(s) URL or a path, and to a GET of the credentials callback
// or an empty endpoint segment, and throws (another 500) on a JSON body it cannot parse. All are
// the client's mistake; this puts them right or refuses them with 4xx before next-auth sees them.

// The sign-in and sign-out forms send a handful of short fields.
const AUTH_BODY_LIMIT = 16 * 1024;
// next-auth's own names for the cookie: the __Secure- one when NEXTAUTH_URL is https.
const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];
const CREDENTIALS_PROVIDERS = new Set(authOptions.providers.filter((provider) => provider.type === "credentials").map((provider) => provider.id));

export type NextAuthContext = { params: Promise<{ nextauth?: string[] }> };

/**
 * Runs next-auth's handler on `request` once its input is something next-auth can handle, and
 * answers whatever it still throws as a 4xx (an outage 503): nothing a client sends is a 500.
 */
export async function answerNextAuth(
  request: NextRequest,
  context: NextAuthContext,
  handle: (request: NextRequest) => Promise<Response>,
): Promise<Response> {
  try {
    const [action, providerId] = (await context.params).nextauth ?? [];
    // next-auth takes an empty first segment (/api/auth//session) for a missing route file: a 500.
    if (!action) throw notFound("No such sign-in endpoint");
    // next-auth answers a GET to a credentials callback (only its form's POST is one) with 500.
    if (request.method === "GET" && action === "callback" && CREDENTIALS_PROVIDERS.has(providerId ?? "")) {
      throw new ApiError(405, "method_not_allowed", "Sign in with a POST from the sign-in form", undefined, { allow: "POST" });
    }
    const refused = refuseUnusableCallbackCookies(request);
    if (refused) return refused;
    return await handle(await checkedRequest(request));
  } catch (error) {
    return refusal(error, request);
  }
}

/** next-auth's own test of a callback URL, narrowed: a clean path of this site, or an absolute http(s) URL. */
function isUsableCallback(value: string): boolean {
  if (value.startsWith("/")) return safeCallbackPath(value) === value;
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:";
}

/**
 * next-auth reads its cookies from Next.js's request store, which Tether cannot rewrite, so an
 * unusable callback cookie (next-auth only ever sets an absolute URL: someone edited it) is refused,
 * and cleared so that the browser's next request works.
 */
function refuseUnusableCallbackCookies(request: NextRequest): Response | null {
  const unusable = CALLBACK_COOKIES.filter((name) => {
    const value = request.cookies.get(name)?.value;
    return Boolean(value) && !isUsableCallback(value ?? "");
  });
  if (unusable.length === 0) return null;
  const response = NextResponse.json(
    { error: { code: "invalid_callback_url", message: "The sign-in callback cookie is not a URL; it has been cleared, try again" } },
    { status: 400 },
  );
  for (const name of unusable) {
    response.cookies.set(name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
  return response;
}

/**
 * The request as next-auth may see it: its body read within the limit and refused if next-auth
 * would fail to parse it, and its callbackUrl query parameter reduced to a path of this site. The
 * body is read from the request itself, not a clone: a clone that goes over the limit could not be
 * cancelled while its twin is unread (a tee's cancel waits for both), and the request would hang.
 */
async function checkedRequest(request: NextRequest): Promise<NextRequest> {
  const body = await checkedBody(request);
  const url = withSafeCallbackQuery(new URL(request.url));
  if (body === undefined && url === null) return request;
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return new NextRequest(url ?? request.url, { method: request.method, headers, body, signal: request.signal });
}

/** A POST body, refused (4xx) if too large or if next-auth would fail to parse it, or hold text PostgreSQL cannot store. */
async function checkedBody(request: NextRequest): Promise<string | undefined> {
  if (request.method !== "POST" || request.body === null) return undefined;
  const text = await readRawBody(request, AUTH_BODY_LIMIT);
  const contentType = request.headers.get("content-type") ?? "";
  // Case-sensitive substrings, as in next-auth: "application/jsonx" is parsed as JSON, "APPLICATION/JSON" not at all.
  if (contentType.includes("application/json")) parseJsonText(text);
  else if (contentType.includes("application/x-www-form-urlencoded")) rejectUnstorableText(Object.fromEntries(new URLSearchParams(text)));
  return text;
}

/**
 * The URL with its callbackUrl query parameter (the last one: the one next-auth reads) reduced to a
 * path of this site, as the redirect callback would reduce it later anyway; null if already so.
 */
function withSafeCallbackQuery(url: URL): URL | null {
  const values = url.searchParams.getAll("callbackUrl");
  if (values.length === 0) return null;
  const safe = safeCallbackPath(values[values.length - 1], [url.origin, ...configuredOrigins()]);
  if (values.length === 1 && values[0] === safe) return null;
  const out = new URL(url);
  out.searchParams.set("callbackUrl", safe);
  return out;
}

function refusal(error: unknown, request: NextRequest): Response {
  if (error instanceof ApiError || isDatabaseUnavailable(error) || isClientAbort(error, request)) return errorResponse(error, request);
  // Input next-auth could not handle that the checks above did not foresee: still the client's
  // request, but logged in full so that a real fault in next-auth or Tether is seen.
  logger.error({ err: error, path: request.nextUrl.pathname }, "next-auth failed on a request: answered 400");
  return NextResponse.json({ error: { code: "bad_request", message: "The sign-in service could not handle this request" } }, { status: 400 });
}
