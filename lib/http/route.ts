import type { NextResponse } from "next/server";
import type { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import {
  authenticateRequest,
  requireGroupAccess,
  requireOrganizationAccess,
  requireProjectAccess,
  type GroupAccess,
  type OrganizationAccess,
  type Principal,
  type ProjectAccess,
} from "@/lib/auth/access";
import type { ApiScope } from "@/lib/auth/scopes";
import { parseWith, readJsonBody } from "@/lib/input/request-body";
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
type Handler<C> = (ctx: C) => Promise<NextResponse | Response>;

/** Wraps a route handler: resolves params and the database, maps every thrown error to JSON. */
export function publicRoute<P = Record<string, string>>(handler: Handler<RouteContext<P>>) {
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
 * Like publicRoute, and authenticates first (API token or session, 401 otherwise). Only for
 * routes that name no organization (the caller's own sessions); a route on an organization's
 * resource uses organizationRoute, projectRoute or groupRoute. A session's state changes must
 * come from the dashboard itself (cross-site request forgery).
 */
export function authenticatedRoute<P = Record<string, string>>(handler: Handler<AuthenticatedRouteContext<P>>) {
  return publicRoute<P>(async (ctx) => {
    const principal = await authenticateRequest(ctx.db, ctx.request);
    if (principal.kind === "user") assertSameOriginRequest(ctx.request);
    return handler({ ...ctx, principal });
  });
}

type Schema = z.ZodType | undefined;
/** What a declared schema parses to; `undefined` when the route declared none. */
type Parsed<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * What a route on an organization's resource declares: the scope the caller needs (a member's
 * role grants it, or the API token carries it), and optionally a JSON body and a query to
 * validate. Declared input is read after authentication and before the access check, so it is
 * there when the body names the resource; a route that validates after the check reads its
 * input in the handler instead.
 */
export interface AccessRouteOptions<B extends Schema, Q extends Schema> {
  scope: ApiScope;
  body?: B;
  /** The body's size limit in bytes (readJsonBody's default otherwise). */
  bodyLimit?: number;
  query?: Q;
}

export interface AccessRouteContext<P, A, B extends Schema, Q extends Schema> extends AuthenticatedRouteContext<P> {
  access: A;
  body: Parsed<B>;
  query: Parsed<Q>;
}

async function readDeclaredInput<B extends Schema, Q extends Schema>(
  request: Request,
  options: AccessRouteOptions<B, Q>,
): Promise<{ body: Parsed<B>; query: Parsed<Q> }> {
  const query = options.query ? parseWith(options.query, Object.fromEntries(new URL(request.url).searchParams)) : undefined;
  const body = options.body ? await readJsonBody(request, options.body, options.bodyLimit) : undefined;
  // The conditional types follow from whether a schema was declared, which TypeScript cannot see here.
  return { body: body as Parsed<B>, query: query as Parsed<Q> };
}

/** authenticatedRoute, then declared input, then the access check by `resolve`: the one place route access is decided. */
function accessRoute<P, A, B extends Schema, Q extends Schema>(
  handler: Handler<AccessRouteContext<P, A, B, Q>>,
  options: AccessRouteOptions<B, Q>,
  resolve: (ctx: AuthenticatedRouteContext<P> & { body: Parsed<B> }) => Promise<A>,
) {
  return authenticatedRoute<P>(async (ctx) => {
    const input = await readDeclaredInput(ctx.request, options);
    const access = await resolve({ ...ctx, body: input.body });
    return handler({ ...ctx, ...input, access });
  });
}

type OrganizationParams = { orgSlug: string };

/** Where the organization's slug comes from: `params.orgSlug` by default; a route without it must say. */
type OrganizationSlugOption<P, B extends Schema> = P extends OrganizationParams
  ? { organizationSlug?: (input: { params: P; body: Parsed<B> }) => string }
  : { organizationSlug: (input: { params: P; body: Parsed<B> }) => string };

/**
 * A route on an organization (`params.orgSlug`, or `organizationSlug` when the body names it).
 * An organization the caller cannot see answers 404; a missing scope 403.
 */
export function organizationRoute<P = OrganizationParams, B extends Schema = undefined, Q extends Schema = undefined>(
  handler: Handler<AccessRouteContext<P, OrganizationAccess, B, Q>>,
  options: AccessRouteOptions<B, Q> & OrganizationSlugOption<P, B>,
) {
  const slugOf = (input: { params: P; body: Parsed<B> }): string =>
    options.organizationSlug ? options.organizationSlug(input) : (input.params as OrganizationParams).orgSlug;
  return accessRoute(handler, options, ({ db, principal, params, body }) =>
    requireOrganizationAccess(db, principal, { slug: slugOf({ params, body }) }, options.scope),
  );
}

/** A route on one project (`params.orgSlug`, `params.projectSlug`): the organization's access, then the project or 404. */
export function projectRoute<P extends OrganizationParams & { projectSlug: string } = OrganizationParams & { projectSlug: string }, B extends Schema = undefined, Q extends Schema = undefined>(
  handler: Handler<AccessRouteContext<P, ProjectAccess, B, Q>>,
  options: AccessRouteOptions<B, Q>,
) {
  return accessRoute(handler, options, ({ db, principal, params }) =>
    requireProjectAccess(db, principal, { orgSlug: params.orgSlug, projectSlug: params.projectSlug }, options.scope),
  );
}

/** A route on one group (`params.groupId`): a group of an organization the caller cannot see answers 404 like an unknown id. */
export function groupRoute<P extends { groupId: string } = { groupId: string }, B extends Schema = undefined, Q extends Schema = undefined>(
  handler: Handler<AccessRouteContext<P, GroupAccess, B, Q>>,
  options: AccessRouteOptions<B, Q>,
) {
  return accessRoute(handler, options, ({ db, principal, params }) => requireGroupAccess(db, principal, params.groupId, options.scope));
}
