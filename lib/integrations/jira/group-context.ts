import type { Db } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/errors";
import { readJiraInstallation, type JiraInstallation } from "./installed-site";
import { readJiraOrganizationConfig, type JiraOrganizationConfig } from "./organization-config";
import { jiraAppSettings } from "./app-settings";

/** A group of an organization together with that organization's link to a Jira site. */
export interface JiraGroupContext {
  group: { id: string; title: string; culprit: string | null; shortId: number; projectId: string; project: { slug: string; name: string } };
  organization: { id: string; slug: string };
  organizationIntegrationId: string;
  installation: JiraInstallation;
  config: JiraOrganizationConfig;
}

/** Unknown ids and ids of other organizations are 404s alike; a disabled site is a 400 with the reason. */
export async function loadJiraGroupContext(db: Db, input: { organizationId: string; groupId: string; integrationId: string }): Promise<JiraGroupContext> {
  const group = await db.group.findFirst({
    where: { id: input.groupId, project: { organizationId: input.organizationId } },
    select: { id: true, title: true, culprit: true, shortId: true, projectId: true, project: { select: { slug: true, name: true, organization: { select: { id: true, slug: true } } } } },
  });
  if (!group) throw notFound("Group not found");
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId: input.organizationId, integrationId: input.integrationId, integration: { provider: "jira" } },
    include: { integration: true },
  });
  if (!link) throw notFound("Integration not found");
  if (link.status !== "active" || link.integration.status !== "active") throw badRequest("This Jira integration is disabled; re-install or re-enable it first");
  return {
    group: { id: group.id, title: group.title, culprit: group.culprit, shortId: group.shortId, projectId: group.projectId, project: { slug: group.project.slug, name: group.project.name } },
    organization: group.project.organization,
    organizationIntegrationId: link.id,
    installation: readJiraInstallation(link.integration),
    config: readJiraOrganizationConfig(link.config),
  };
}

/** The group's page in Tether, as Jira issues link back to it. */
export function groupUrl(ctx: JiraGroupContext): string {
  return `${jiraAppSettings().baseUrl}/o/${ctx.organization.slug}/groups/${ctx.group.id}`;
}
