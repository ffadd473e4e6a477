import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { OrganizationSwitcher } from "@/components/shell/organization-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { listUserOrganizations } from "@/lib/auth/access";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { sandboxIntegrationFor } from "@/lib/sandbox/issues";

export const dynamic = "force-dynamic";

/**
 * The dashboard's frame for one organization. Signed-out visitors go to the sign-in page; an
 * organization the user is not a member of is a 404, exactly like one that does not exist.
 */
export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/groups`);
  const db = await getDb();
  const userId = access.userId ?? "";
  const [user, organizations, sandbox] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } }),
    listUserOrganizations(db, userId),
    sandboxIntegrationFor(db, access.organization.id),
  ]);
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-slate-200 bg-slate-50/80">
        <div className="space-y-3 p-3">
          <Link href={`/o/${orgSlug}/groups`} className="flex items-center gap-2 px-2.5 pt-1 text-sm font-bold tracking-tight text-slate-900">
            <span aria-hidden className="inline-block h-4 w-4 rounded bg-indigo-600" />
            Tether
          </Link>
          <OrganizationSwitcher current={orgSlug} organizations={organizations.map((o) => ({ slug: o.slug, name: o.name }))} />
        </div>
        <div className="flex-1 overflow-y-auto px-3">
          <NavLinks orgSlug={orgSlug} isAdmin={scopeGranted(access.scopes, "org:admin")} sandbox={sandbox !== null} />
        </div>
        <div className="border-t border-slate-200 p-2">
          <UserMenu name={user.name} email={user.email} />
        </div>
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}
