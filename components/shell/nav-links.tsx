"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

interface NavItem {
  href: string;
  label: string;
}

function NavLink({ item }: { item: NavItem }) {
  const pathname = usePathname();
  const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={`block rounded-md px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent ${
        active ? "bg-accent-soft font-medium text-accent-fg" : "text-fg-muted hover:bg-surface-muted hover:text-fg"
      }`}
    >
      {item.label}
    </Link>
  );
}

function NavList({ items }: { items: NavItem[] }) {
  return (
    <ul className="space-y-0.5">
      {items.map((item) => (
        <li key={item.href}>
          <NavLink item={item} />
        </li>
      ))}
    </ul>
  );
}

/** The sidebar's navigation; the current section is highlighted. */
export function NavLinks({ orgSlug, isAdmin, sandbox = false }: { orgSlug: string; isAdmin: boolean; sandbox?: boolean }) {
  const base = `/o/${orgSlug}`;
  const main: NavItem[] = [
    { href: `${base}/groups`, label: "Groups" },
    { href: `${base}/sync`, label: "Sync history" },
    // Only while the sandbox Jira site is on and linked to this organization.
    ...(sandbox ? [{ href: `${base}/sandbox`, label: "Sandbox Jira" }] : []),
  ];
  const settings: NavItem[] = [
    { href: `${base}/settings/integrations`, label: "Integrations" },
    { href: `${base}/settings/projects`, label: "Projects" },
    { href: `${base}/settings/members`, label: "Members" },
    { href: `${base}/settings/teams`, label: "Teams" },
    ...(isAdmin ? [{ href: `${base}/settings/tokens`, label: "API tokens" }] : []),
  ];
  return (
    <nav aria-label="Main" className="space-y-4">
      <NavList items={main} />
      <div>
        <p className="px-2.5 pb-1 text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">Settings</p>
        <NavList items={settings} />
      </div>
    </nav>
  );
}
