import type { Metadata } from "next";
import { TeamsManager } from "@/components/settings/teams-manager";
import { PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/teams`);
  return (
    <div className="mx-auto max-w-5xl p-4 sm:p-6">
      <PageHeader title="Teams" description="A team's members reach its projects, and groups can be assigned to the whole team." />
      <TeamsManager orgSlug={orgSlug} isAdmin={scopeGranted(access.scopes, "org:admin")} />
    </div>
  );
}
