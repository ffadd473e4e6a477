import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/panel";
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
    <div className="mx-auto max-w-3xl space-y-6 p-4 sm:p-6">
      <PageHeader title="Integrations" description="Issue trackers and chat servers connected to this organization." />
      {integrations.length === 0 ? (
        <EmptyState title="No integration yet">Connect a Jira site or a Discord server with the steps below.</EmptyState>
      ) : (
        <ul aria-label="Connected integrations" className="divide-y divide-line rounded-lg border border-line bg-surface shadow-sm">
          {integrations.map((integration) => (
            <li key={integration.id} className="flex flex-wrap items-center justify-between gap-3 p-4 text-sm">
              <div className="min-w-0">
                <p className="font-medium text-fg">
                  {integrationProviders.get(integration.provider)?.displayName ?? integration.provider} · {integration.name}
                </p>
                <p className="truncate text-xs text-fg-subtle">{integration.baseUrl}</p>
              </div>
              <div className="flex items-center gap-3">
                <Badge tone={integration.status === "active" ? "success" : "neutral"}>{integration.status}</Badge>
                {providerSettingsForms[integration.provider] ? (
                  <Link href={`/o/${orgSlug}/settings/integrations/${integration.id}`} className={buttonClass("secondary", "sm")}>
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
