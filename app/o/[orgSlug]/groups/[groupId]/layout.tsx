import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { organizationHasGroup } from "@/lib/domain/groups/organization-has-group";

/**
 * Answers an unknown group with a real 404 before anything streams: the page below sits behind
 * its loading skeleton, and a page that streams has already sent 200 when it finds out.
 */
export default async function GroupLayout({ children, params }: { children: ReactNode; params: Promise<{ orgSlug: string; groupId: string }> }) {
  const { orgSlug, groupId } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/groups/${groupId}`);
  if (!(await organizationHasGroup(await getDb(), { organizationId: access.organization.id, groupId }))) notFound();
  return children;
}
