import type { Metadata } from "next";
import { MembersManager } from "@/components/settings/members-manager";
import { PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/members`);
  return (
    <div className="mx-auto max-w-5xl p-4 sm:p-6">
      <PageHeader title="Members" description={`Who can see and triage ${access.organization.name}'s groups, with their role and teams.`} />
      <MembersManager orgSlug={orgSlug} organizationName={access.organization.name} currentUserId={access.userId ?? ""} viewerRole={access.role ?? "member"} />
    </div>
  );
}
