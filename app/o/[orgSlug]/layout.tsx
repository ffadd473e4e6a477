import Link from "next/link";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { NavLinks } from "@/components/shell/nav-links";
import { OrganizationSwitcher } from "@/components/shell/organization-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { listUserOrganizations } from "@/lib/auth/access";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { sandboxShownInNavigation } from "@/lib/sandbox/issues";

export const dynamic = "force-dynamic";

function Brand({ href }: { href: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md px-2.5 py-1 text-sm font-bold tracking-tight text-fg focus-visible:outline-2 focus-visible:outline-accent">
      <span aria-hidden className="inline-block h-4 w-4 rounded bg-accent" />
      Tether
    </Link>
  );
}

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
    sandboxShownInNavigation(db, access.organization.id),
  ]);
  const home = `/o/${orgSlug}/groups`;
  const sidebar = (
    <>
      <div className="space-y-3 p-3">
        <Brand href={home} />
        <OrganizationSwitcher current={orgSlug} organizations={organizations.map((o) => ({ slug: o.slug, name: o.name }))} />
      </div>
      <div className="flex-1 overflow-y-auto px-3">
        <NavLinks orgSlug={orgSlug} isAdmin={scopeGranted(access.scopes, "org:admin")} sandbox={sandbox} />
      </div>
      <div className="border-t border-line p-2">
        <UserMenu name={user.name} email={user.email} profileHref={`/o/${orgSlug}/settings/profile`} />
      </div>
    </>
  );
  return (
    <AppShell brand={<Brand href={home} />} title={organizations.find((o) => o.slug === orgSlug)?.name ?? orgSlug} sidebar={sidebar}>
      {children}
    </AppShell>
  );
}
