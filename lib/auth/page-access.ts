import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { requireOrganizationAccess, sessionUserId, type OrganizationAccess } from "./access";
import type { ApiScope } from "./scopes";

/** Shows the 404 page for a resource the visitor cannot see (an ApiError 404); rethrows the rest. */
export function notFoundPageOn404(error: unknown): never {
  if (error instanceof ApiError && error.status === 404) notFound();
  throw error;
}

// The organization layout and its page both ask during one render: React's per-request cache
// answers the second from the first.
const organizationAccess = cache(async (userId: string, orgSlug: string, scope: ApiScope) =>
  requireOrganizationAccess(await getDb(), { kind: "user", userId }, { slug: orgSlug }, scope),
);

/** The visitor's user id, or the sign-in page (back to `path` afterwards) when there is no valid session. */
export function signedInOrRedirect(userId: string | null, path: string): string {
  if (!userId) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  return userId;
}

/**
 * For server-rendered pages of an organization: signs the visitor in first (back to `path`
 * afterwards), and shows the 404 page for organizations they cannot see.
 */
export async function requirePageAccess(orgSlug: string, path: string, scope: ApiScope = "issues:read"): Promise<OrganizationAccess> {
  const userId = signedInOrRedirect(await sessionUserId(), path);
  return organizationAccess(userId, orgSlug, scope).catch(notFoundPageOn404);
}
