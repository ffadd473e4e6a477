import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { requireOrganizationAccess, sessionUserId, type OrganizationAccess } from "./access";
import type { ApiScope } from "./scopes";

/**
 * For server-rendered pages of an organization: signs the visitor in first (back to `path`
 * afterwards), and shows the 404 page for organizations they cannot see.
 */
export async function requirePageAccess(orgSlug: string, path: string, scope: ApiScope = "issues:read"): Promise<OrganizationAccess> {
  const userId = await sessionUserId();
  if (!userId) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  try {
    return await requireOrganizationAccess(await getDb(), { kind: "user", userId }, { slug: orgSlug }, scope);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}
