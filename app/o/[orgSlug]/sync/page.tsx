import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { SyncHistoryTable } from "@/components/sync/sync-history-table";
import { PageHeader } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sync history" };

export default async function SyncHistoryPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/sync`);
  // Only to say what to do next when the history is empty (connect an integration first).
  const integrations = await listOrganizationIntegrations(await getDb(), access.organization.id);
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader title="Sync history" description="Every webhook Tether applied or skipped, and every call it made to an integration, with the reason. Updates live while jobs run." />
      <Suspense fallback={<SkeletonRows rows={8} label="Loading the sync history" />}>
        <SyncHistoryTable orgSlug={orgSlug} integrations={integrations.length} />
      </Suspense>
    </div>
  );
}
