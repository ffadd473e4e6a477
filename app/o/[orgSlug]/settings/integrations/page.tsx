import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { integrationProviders } from "@/lib/integrations/providers";
import { providerConnectHelp } from "@/components/integrations/provider-connect-help";
import { providerSettingsForms } from "@/components/integrations/provider-settings-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/integrations`);
  const integrations = await listOrganizationIntegrations(await getDb(), access.organization.id);
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6">
      <h1 className="text-lg font-semibold text-slate-900">Integrations</h1>
      {integrations.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          <p className="font-medium text-slate-800">No integration yet.</p>
          <p className="mt-1">Connect one below.</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {integrations.map((integration) => (
            <li key={integration.id} className="flex items-center justify-between p-4 text-sm">
              <div>
                <p className="font-medium text-slate-900">
                  {integrationProviders.get(integration.provider)?.displayName ?? integration.provider} · {integration.name}
                </p>
                <p className="text-xs text-slate-500">{integration.baseUrl}</p>
              </div>
              <div className="flex items-center gap-3">
                <span className={`rounded px-2 py-0.5 text-xs ${integration.status === "active" ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-500"}`}>{integration.status}</span>
                {providerSettingsForms[integration.provider] ? (
                  <Link href={`/o/${orgSlug}/settings/integrations/${integration.id}`} className="text-indigo-700 hover:underline">
                    Configure
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {Object.entries(providerConnectHelp).map(([name, Help]) => (
        <Help key={name} orgSlug={orgSlug} />
      ))}
    </div>
  );
}
