import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/page-access";
import { SyncHistoryTable } from "@/components/sync/sync-history-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sync history" };

export default async function SyncHistoryPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await requirePageAccess(orgSlug, `/o/${orgSlug}/sync`);
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-6">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">Sync history</h1>
        <p className="text-sm text-slate-500">Every webhook Tether applied or skipped, and every call it made to an integration, with the reason.</p>
      </div>
      <SyncHistoryTable orgSlug={orgSlug} />
    </div>
  );
}
