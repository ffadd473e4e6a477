import type { Db } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_JIRA_ORGANIZATION_CONFIG } from "./organization-config";

/**
 * Links an installed Jira site to an organization (the configure page and `tether jira link`).
 * Linking again is harmless and re-activates a disabled link; the stored config is kept.
 */
export async function linkJiraSiteToOrganization(db: Db, input: { clientKey: string; organizationId: string }) {
  const integration = await db.integration.findUnique({ where: { provider_externalId: { provider: "jira", externalId: input.clientKey } } });
  if (!integration) throw notFound("No Jira site is installed with that client key");
  if (integration.status !== "active") throw badRequest("This Jira site has uninstalled Tether; install the app again first");
  return db.organizationIntegration.upsert({
    where: { organizationId_integrationId: { organizationId: input.organizationId, integrationId: integration.id } },
    create: {
      organizationId: input.organizationId,
      integrationId: integration.id,
      config: DEFAULT_JIRA_ORGANIZATION_CONFIG as unknown as Prisma.InputJsonObject,
    },
    update: { status: "active" },
    include: { integration: true },
  });
}
