import type { IntegrationProvider } from "@/lib/generated/prisma/client";
import { badRequest, notFound } from "@/lib/errors";
import type { Db } from "@/lib/db/client";
import { jiraProvider } from "./jira/provider";
import { discordProvider } from "./discord/provider";
import { createProviderRegistry, type IntegrationProviderDefinition, type ProviderRegistry } from "./provider-capabilities";

/**
 * Every provider Tether speaks to, by name: the one place a new provider is added. Each entry is
 * the provider's `lib/integrations/<name>/provider.ts` object, declaring its capabilities.
 */
export const integrationProviders: ProviderRegistry = createProviderRegistry([jiraProvider, discordProvider]);

type Capability = Exclude<keyof IntegrationProviderDefinition, "name" | "displayName">;

/** The capability of a provider, or an AppError (400) naming what the provider does not offer. */
export function providerCapability<C extends Capability>(
  provider: IntegrationProvider,
  capability: C,
  registry: ProviderRegistry = integrationProviders,
): NonNullable<IntegrationProviderDefinition[C]> {
  const offered = registry.get(provider)?.[capability];
  if (!offered) throw badRequest(`${registry.get(provider)?.displayName ?? provider} integrations do not support ${capability}`);
  return offered as NonNullable<IntegrationProviderDefinition[C]>;
}

/**
 * The provider of one integration installed on the organization (ids from a request): an unknown
 * id and an id of another organization's integration are 404s alike.
 */
export async function installedIntegrationProvider(
  db: Db,
  scope: { organizationId: string; integrationId: string },
  registry: ProviderRegistry = integrationProviders,
): Promise<IntegrationProviderDefinition> {
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId: scope.organizationId, integrationId: scope.integrationId },
    select: { integration: { select: { provider: true } } },
  });
  const provider = link && registry.get(link.integration.provider);
  if (!provider) throw notFound("Integration not found");
  return provider;
}

/** The capability of the provider behind one installed integration (see installedIntegrationProvider). */
export async function integrationCapability<C extends Capability>(
  db: Db,
  scope: { organizationId: string; integrationId: string },
  capability: C,
  registry: ProviderRegistry = integrationProviders,
): Promise<NonNullable<IntegrationProviderDefinition[C]>> {
  const provider = await installedIntegrationProvider(db, scope, registry);
  return providerCapability(provider.name, capability, registry);
}
