import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { UserMenu } from "@/components/shell/user-menu";
import { listUserOrganizations, sessionUserId } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "No organization" };

export default async function Home() {
  const userId = await sessionUserId();
  if (!userId) redirect("/signin");
  const db = await getDb();
  const [organization] = await listUserOrganizations(db, userId);
  if (organization) redirect(`/o/${organization.slug}/groups`);
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
  return (
    <main id="main-content" className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-md space-y-4">
        <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-fg">You are not in an organization yet</h1>
          <p className="mt-2 text-sm text-fg-muted">
            Tether shows error groups per organization. Ask an admin of your Tether to add you to theirs, then reload this page.
          </p>
          <p className="mt-3 text-sm text-fg-muted">Running Tether yourself? Create one from a shell:</p>
          <pre className="mt-2 overflow-x-auto rounded-md border border-line bg-surface-muted p-3 text-xs text-fg">
            {`npm run tether -- org create --name "Acme"\nnpm run tether -- org add-member --org acme --user ${user?.email ?? "you@example.com"} --role owner`}
          </pre>
        </div>
        {user ? (
          <div className="w-64">
            <UserMenu name={user.name} email={user.email} />
          </div>
        ) : null}
      </div>
    </main>
  );
}
