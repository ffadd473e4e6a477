import { NextResponse, type NextRequest } from "next/server";
import { ApiError, errorBody } from "@/lib/http/errors";
import { rejectUnstorableRequestParts } from "@/lib/input/unstorable-input";

/**
 * Dashboard pages read their path and query straight into database lookups; text PostgreSQL cannot
 * hold (NUL, unpaired surrogates) or malformed percent-encoding would fail there as a 500. API routes
 * make the same check in their route wrapper, so this runs for pages only.
 */
export function proxy(request: NextRequest): NextResponse {
  // next.config turns Next's trailing-slash redirect off for the SDK endpoints; pages keep one URL.
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    // A plain URL: NextURL would put the slash back when formatting a path it saw with one.
    const url = new URL(request.url);
    url.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(url, 308);
  }
  try {
    rejectUnstorableRequestParts(request, {});
  } catch (error) {
    if (error instanceof ApiError) return NextResponse.json(errorBody(error), { status: error.status });
    throw error;
  }
  return NextResponse.next();
}

export const config = {
  // Pages only: not the API (checked by its route wrapper) nor Next's static files.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
