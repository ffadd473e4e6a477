import { NextResponse, type NextRequest } from "next/server";
import { ApiError, errorBody } from "@/lib/http/errors";
import { rejectUnstorableRequestParts } from "@/lib/input/unstorable-input";

/**
 * Dashboard pages read their path and query straight into database lookups; text PostgreSQL cannot
 * hold (NUL, unpaired surrogates) or malformed percent-encoding would fail there as a 500. API routes
 * make the same check in their route wrapper, so this runs for pages only.
 */
export function proxy(request: NextRequest): NextResponse {
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
