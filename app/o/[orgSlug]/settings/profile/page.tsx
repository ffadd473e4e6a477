import type { Metadata } from "next";
import { ProfileSettings } from "@/components/settings/profile-settings";
import { PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { getProfile } from "@/lib/domain/profile/profile";
import { listUserDiscordIdentities } from "@/lib/integrations/discord/user-identities";
import { listOrganizationJiraSites } from "@/lib/integrations/jira/organization-sites";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/profile`);
  const db = await getDb();
  const userId = access.userId ?? "";
  const [profile, discord, jiraSites] = await Promise.all([getProfile(db, userId), listUserDiscordIdentities(db, userId), listOrganizationJiraSites(db, access.organization.id)]);
  return (
    <div className="mx-auto max-w-3xl p-4 sm:p-6">
      <PageHeader title="Your profile" description="Your name, addresses, password and the accounts linked to you." />
      <ProfileSettings profile={profile} discord={discord} jiraSites={jiraSites} orgSlug={orgSlug} />
    </div>
  );
}
