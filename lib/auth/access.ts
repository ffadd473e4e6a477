import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import { cache } from "react";
import { getDb, type Db } from "@/lib/db/client";
import { ApiError, forbidden, notFound, unauthorized } from "@/lib/http/errors";
import { authSecret } from "./secret";
import { scopeGranted, scopesForRole, type ApiScope, type MemberRoleName } from "./scopes";
import { checkSession, type SessionCheck } from "./session-version";
import { verifyApiToken } from "./tokens";

/** Who is calling: a signed-in user (browser session) or an API token of one organization. */
export type Principal =
  | { kind: "user"; userId: string }
  | { kind: "token"; tokenId: string; organizationId: string; scopes: string[]; createdById: string | null };

export interface OrganizationRef {
  id: string;
  slug: string;
  name: string;
}

/** A principal's access to one organization, established by `requireOrganizationAccess`. */
export interface OrganizationAccess {
  organization: OrganizationRef;
  principal: Principal;
  /** The member's role; null for tokens. */
  role: MemberRoleName | null;
  /** The acting user: the signed-in user, or the token's creator (may be null). */
  userId: string | null;
  scopes: readonly string[];
}

/** The session cookie of a request, decoded and checked against its user's current state. */
async function checkRequestSession(db: Db, url: string, requestHeaders: Headers): Promise<SessionCheck> {
  // Only the URL and headers: wrapping the request itself would lock its body for the handler.
  const claims = await getToken({ req: new NextRequest(url, { headers: requestHeaders }), secret: authSecret() });
  return checkSession(db, claims);
}

/** The user a request's session cookie signs in, or null: none, ended, or the user is deactivated. */
export async function sessionUserIdFor(db: Db, requestHeaders: Headers): Promise<string | null> {
  const check = await checkRequestSession(db, "http://tether.invalid/", requestHeaders);
  return check.state === "valid" ? check.userId : null;
}

/**
 * For server-rendered pages: the signed-in visitor, or null. A layout and its page both ask
 * during one render; React's per-request cache makes that one read.
 */
export const sessionUserId = cache(async (): Promise<string | null> => sessionUserIdFor(await getDb(), await headers()));

/**
 * Authenticates a request: `Authorization: Bearer <token>` wins; otherwise the next-auth session
 * cookie. A bearer header with an unknown or revoked token is refused even when a cookie is sent.
 */
export async function authenticateRequest(db: Db, request: Request): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized("Authorization header must be 'Bearer <token>'");
    const token = await verifyApiToken(db, match[1]);
    if (!token) throw unauthorized("Invalid or revoked API token");
    return { kind: "token", tokenId: token.id, organizationId: token.organizationId, scopes: token.scopes, createdById: token.createdById };
  }
  // The session is read from the request itself (not next/headers), so handlers behave the same
  // when called by Next.js and when driven directly by integration tests.
  const session = await checkRequestSession(db, request.url, request.headers);
  if (session.state === "inactive") throw unauthorized("Your account is deactivated");
  if (session.state === "revoked") throw unauthorized("Your session has ended; sign in again");
  if (session.state !== "valid") throw unauthorized();
  return { kind: "user", userId: session.userId };
}

/**
 * The principal's access to an organization (by slug or id). An organization the principal
 * cannot see answers 404, exactly like one that does not exist, so ids never leak; a missing
 * scope or role answers 403.
 */
export async function requireOrganizationAccess(
  db: Db,
  principal: Principal,
  organization: { slug: string } | { id: string },
  scope: ApiScope,
): Promise<OrganizationAccess> {
  const org = await db.organization.findUnique({
    where: "slug" in organization ? { slug: organization.slug } : { id: organization.id },
    select: { id: true, slug: true, name: true },
  });
  if (!org) throw notFound("Organization not found");
  if (principal.kind === "token") {
    if (principal.organizationId !== org.id) throw notFound("Organization not found");
    if (!scopeGranted(principal.scopes, scope)) throw forbidden(`This API token lacks the '${scope}' scope`);
    return { organization: org, principal, role: null, userId: principal.createdById, scopes: principal.scopes };
  }
  const member = await db.organizationMember.findUnique({
    where: { organizationId_userId: { organizationId: org.id, userId: principal.userId } },
    select: { role: true },
  });
  if (!member) throw notFound("Organization not found");
  const scopes = scopesForRole(member.role);
  if (!scopeGranted(scopes, scope)) throw forbidden(`Your role (${member.role}) cannot do this; it needs '${scope}'`);
  return { organization: org, principal, role: member.role, userId: principal.userId, scopes };
}

/** Organizations a user belongs to, for the switcher and the default landing page. */
export async function listUserOrganizations(db: Db, userId: string) {
  const memberships = await db.organizationMember.findMany({
    where: { userId },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.organization, role: m.role }));
}

/** Access to an organization and one of its projects, established by `requireProjectAccess`. */
export interface ProjectAccess extends OrganizationAccess {
  project: { id: string; slug: string; name: string };
}

/** Access to the organization that owns a group, established by `requireGroupAccess`. */
export interface GroupAccess extends OrganizationAccess {
  group: { id: string; projectId: string };
}

/** Access to an organization (by slug), then its project by slug: 404 when the project does not exist there. */
export async function requireProjectAccess(
  db: Db,
  principal: Principal,
  project: { orgSlug: string; projectSlug: string },
  scope: ApiScope,
): Promise<ProjectAccess> {
  const access = await requireOrganizationAccess(db, principal, { slug: project.orgSlug }, scope);
  const found = await db.project.findUnique({
    where: { organizationId_slug: { organizationId: access.organization.id, slug: project.projectSlug } },
    select: { id: true, slug: true, name: true },
  });
  if (!found) throw notFound("Project not found");
  return { ...access, project: found };
}

/**
 * Access to the organization that owns a group. A group of an organization the principal cannot
 * see answers 404 exactly like an unknown id.
 */
export async function requireGroupAccess(db: Db, principal: Principal, groupId: string, scope: ApiScope): Promise<GroupAccess> {
  const group = await db.group.findUnique({ where: { id: groupId }, select: { id: true, projectId: true, project: { select: { organizationId: true } } } });
  if (!group) throw notFound("Group not found");
  try {
    const access = await requireOrganizationAccess(db, principal, { id: group.project.organizationId }, scope);
    return { ...access, group: { id: group.id, projectId: group.projectId } };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound("Group not found");
    throw error;
  }
}
