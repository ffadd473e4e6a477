import type { Db } from "@/lib/db/client";
import { installJiraApp } from "@/lib/integrations/jira/install-lifecycle";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { ensureSandboxJiraSite } from "@/lib/sandbox/site";
import { sandboxJiraStore } from "@/lib/sandbox/store";

/**
 * The sandbox Jira site installed (as its verified install records it) and linked to one
 * organization, with one issue; for tests that need the sandbox without a server to install over.
 */
export async function linkSandboxJiraSite(db: Db, organizationId: string): Promise<{ issueKey: string; integrationId: string }> {
  const site = await ensureSandboxJiraSite(db);
  const integration = await db.$transaction((tx) =>
    installJiraApp(tx, { issuer: site.clientKey, sandbox: true, payload: { clientKey: site.clientKey, sharedSecret: site.sharedSecret, baseUrl: site.baseUrl } }),
  );
  await linkJiraSiteToOrganization(db, { clientKey: site.clientKey, organizationId });
  const issue = await sandboxJiraStore(db).createIssue({ projectId: "10000", projectKey: "APP", summary: "Sandbox issue", description: null, fields: {} });
  return { issueKey: issue.key, integrationId: integration.id };
}
