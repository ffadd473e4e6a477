import type { Db } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/errors";
import { listProjects, listStatuses } from "./rest-resources";
import { jiraClientFor, readJiraInstallation } from "./installed-site";
import { JiraApiError } from "./signed-rest-client";

/** What the status-mapping form offers: the site's projects and statuses (with their category). */
export async function listJiraSiteStatusesAndProjects(db: Db, input: { organizationId: string; integrationId: string }) {
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId: input.organizationId, integrationId: input.integrationId, integration: { provider: "jira" } },
    include: { integration: true },
  });
  if (!link) throw notFound("Integration not found");
  const client = jiraClientFor(readJiraInstallation(link.integration), { timeoutMs: 8000 });
  try {
    const [projects, statuses] = await Promise.all([listProjects(client), listStatuses(client)]);
    return {
      projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
      statuses: statuses.map((s) => ({ id: s.id, name: s.name ?? s.id, category: s.statusCategory?.key ?? null })),
    };
  } catch (error) {
    if (error instanceof JiraApiError) throw badRequest(`Could not read projects and statuses from Jira: ${error.message}`);
    throw error;
  }
}
