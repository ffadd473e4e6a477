import { Panel } from "@/components/ui/panel";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";

/** How an organization connects a Jira Cloud site (server component: the descriptor URL is the server's). */
export function ConnectJiraSiteHelp({ orgSlug }: { orgSlug: string }) {
  const descriptorUrl = `${jiraAppSettings().baseUrl}/api/jira/descriptor`;
  return (
    <Panel title="Connect a Jira Cloud site" description="Create Jira issues from groups and sync assignee and status both ways.">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-fg">
        <li>
          In Jira, open <em>Apps › Manage apps › Upload app</em> (development mode) and enter the descriptor URL:
          <code className="ml-1 rounded bg-surface-muted px-1.5 py-0.5 text-xs break-all">{descriptorUrl}</code>
        </li>
        <li>After the install, open the app&apos;s <em>Configure</em> page in Jira and link the site to this organization.</li>
        <li>
          Or, from a shell: <code className="rounded bg-surface-muted px-1.5 py-0.5 text-xs break-all">npm run tether -- jira link --client-key &lt;clientKey&gt; --org {orgSlug}</code>
        </li>
      </ol>
    </Panel>
  );
}
