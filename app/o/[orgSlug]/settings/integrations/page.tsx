import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/integrations`);
  const integrations = await listOrganizationIntegrations(await getDb(), access.organization.id);
  const descriptorUrl = `${jiraAppSettings().baseUrl}/api/jira/descriptor`;
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6">
      <h1 className="text-lg font-semibold text-slate-900">Integrations</h1>
      {integrations.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          <p className="font-medium text-slate-800">No integration yet.</p>
          <p className="mt-1">Connect a Jira Cloud site to create Jira issues from groups and sync assignee and status both ways.</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {integrations.map((integration) => (
            <li key={integration.id} className="flex items-center justify-between p-4 text-sm">
              <div>
                <p className="font-medium text-slate-900">
                  {integration.provider === "jira" ? "Jira" : "Discord"} · {integration.name}
                </p>
                <p className="text-xs text-slate-500">{integration.baseUrl}</p>
              </div>
              <div className="flex items-center gap-3">
                <span className={`rounded px-2 py-0.5 text-xs ${integration.status === "active" ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-500"}`}>{integration.status}</span>
                {integration.provider === "jira" ? (
                  <Link href={`/o/${orgSlug}/settings/integrations/${integration.id}`} className="text-indigo-700 hover:underline">
                    Configure
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
        <h2 className="font-semibold text-slate-900">Connect a Jira Cloud site</h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          <li>
            In Jira, open <em>Apps › Manage apps › Upload app</em> (development mode) and enter the descriptor URL:
            <code className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{descriptorUrl}</code>
          </li>
          <li>After the install, open the app&apos;s <em>Configure</em> page in Jira and link the site to this organization.</li>
          <li>
            Or, from a shell: <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">npm run tether -- jira link --client-key &lt;clientKey&gt; --org {orgSlug}</code>
          </li>
        </ol>
      </section>
    </div>
  );
}
