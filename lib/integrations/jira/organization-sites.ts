import type { Db } from "@/lib/db/client";

// Tether stores no Jira user per Tether user: assignee sync matches Jira's assignee to a Tether user
// by a verified email (lib/integrations/sync.ts). The profile page shows the organization's Jira
// sites and which of the user's addresses can match.

export interface OrganizationJiraSite {
  integrationId: string;
  name: string;
  baseUrl: string | null;
  /** Whether Jira's assignee changes reach Tether (sync_reverse_assignment). */
  syncsAssigneeInbound: boolean;
  /** Whether Tether's assignee changes reach Jira (sync_forward_assignment). */
  syncsAssigneeOutbound: boolean;
}

function flag(config: unknown, key: string): boolean {
  return typeof config === "object" && config !== null && (config as Record<string, unknown>)[key] === true;
}

export async function listOrganizationJiraSites(db: Db, organizationId: string): Promise<OrganizationJiraSite[]> {
  const rows = await db.organizationIntegration.findMany({
    where: { organizationId, status: "active", integration: { provider: "jira", status: "active" } },
    orderBy: { integration: { name: "asc" } },
    select: { config: true, integration: { select: { id: true, name: true, metadata: true } } },
  });
  return rows.map((row) => {
    const metadata = row.integration.metadata as Record<string, unknown> | null;
    return {
      integrationId: row.integration.id,
      name: row.integration.name,
      baseUrl: typeof metadata?.base_url === "string" ? metadata.base_url : null,
      syncsAssigneeInbound: flag(row.config, "sync_reverse_assignment"),
      syncsAssigneeOutbound: flag(row.config, "sync_forward_assignment"),
    };
  });
}
