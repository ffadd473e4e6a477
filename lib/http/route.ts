import type { NextResponse } from "next/server";
import { getDb, type Db } from "@/lib/db/client";
import { authenticateRequest, type Principal } from "@/lib/auth/access";
import { errorResponse } from "./errors";
import { rejectUnstorableRequestParts } from "@/lib/input/unstorable-input";
import { assertSameOriginRequest } from "./same-origin";

export interface RouteContext<P> {
  request: Request;
  params: P;
  db: Db;
}

export interface AuthenticatedRouteContext<P> extends RouteContext<P> {
  principal: Principal;
}

type NextRouteContext<P> = { params: Promise<P> };

/** Wraps a route handler: resolves params and the database, maps every thrown error to JSON. */
export function publicRoute<P = Record<string, string>>(handler: (ctx: RouteContext<P>) => Promise<NextResponse | Response>) {
  return async (request: Request, context: NextRouteContext<P>): Promise<Response> => {
    try {
      const params = await context.params;
      rejectUnstorableRequestParts(request, params);
      return await handler({ request, params, db: await getDb() });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/**
 * Like publicRoute, and authenticates first (API token or session, 401 otherwise). Handlers then
 * call requireOrganizationAccess for the organization the resource belongs to. A session's state
 * changes must come from the dashboard itself (cross-site request forgery).
 */
export function authenticatedRoute<P = Record<string, string>>(
  handler: (ctx: AuthenticatedRouteContext<P>) => Promise<NextResponse | Response>,
) {
  return publicRoute<P>(async (ctx) => {
    const principal = await authenticateRequest(ctx.db, ctx.request);
    if (principal.kind === "user") assertSameOriginRequest(ctx.request);
    return handler({ ...ctx, principal });
  });
}
