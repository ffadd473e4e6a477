import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { listUserOrganizations, sessionUserId } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { LinkJiraSiteForm } from "@/components/jira/link-jira-site-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Link a Jira site" };

export default async function JiraLinkPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const userId = await sessionUserId();
  if (!userId) redirect(`/signin?callbackUrl=${encodeURIComponent(`/jira/link?token=${token ?? ""}`)}`);
  const organizations = (await listUserOrganizations(await getDb(), userId)).filter((org) => org.role === "owner" || org.role === "admin");
  return (
    <main id="main-content" className="mx-auto max-w-xl px-4 py-8 sm:p-8">
      <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-fg">Link a Jira site</h1>
      {!token ? (
        <p role="alert" className="mt-4 text-sm text-danger">
          This page needs the link from Tether&apos;s configure page in Jira.
        </p>
      ) : organizations.length === 0 ? (
        <p role="alert" className="mt-4 text-sm text-danger">
          Only owners and admins can link a Jira site, and you are not an owner or admin of an organization.
        </p>
      ) : (
        <LinkJiraSiteForm token={token} organizations={organizations.map((o) => ({ slug: o.slug, name: o.name }))} />
      )}
      </div>
    </main>
  );
}
