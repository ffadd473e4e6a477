import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";

/** How an organization connects a Jira Cloud site (server component: the descriptor URL is the server's). */
export function ConnectJiraSiteHelp({ orgSlug }: { orgSlug: string }) {
  const descriptorUrl = `${jiraAppSettings().baseUrl}/api/jira/descriptor`;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
      <h2 className="font-semibold text-slate-900">Connect a Jira Cloud site</h2>
      <p className="mt-1">Create Jira issues from groups and sync assignee and status both ways.</p>
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
  );
}
