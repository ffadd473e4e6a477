import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { notFoundPageOn404, requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { installedIntegrationProvider } from "@/lib/integrations/providers";
import { PageHeader } from "@/components/ui/panel";
import { providerSettingsForms } from "@/components/integrations/provider-settings-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Integration settings" };

export default async function IntegrationSettingsPage({ params }: { params: Promise<{ orgSlug: string; integrationId: string }> }) {
  const { orgSlug, integrationId } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/integrations/${integrationId}`);
  const db = await getDb();
  const scope = { organizationId: access.organization.id, integrationId };
  const provider = await installedIntegrationProvider(db, scope).catch(notFoundPageOn404);
  const Form = providerSettingsForms[provider.name];
  if (!provider.settings || !Form) notFound();
  const settings = await provider.settings.read(db, scope).catch(notFoundPageOn404);
  const canEdit = scopeGranted(access.scopes, "org:admin");
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-4 sm:p-6">
      <PageHeader title={`${provider.displayName ?? provider.name} · ${settings.integration.name}`} description={<span className="break-all">{settings.integration.baseUrl}</span>} />
      {!canEdit ? <p role="note" className="rounded-md border border-warning/30 bg-warning-soft p-3 text-sm text-warning">Only owners and admins can change these settings.</p> : null}
      <Form orgSlug={orgSlug} integrationId={integrationId} initial={settings} canEdit={canEdit} />
    </div>
  );
}
