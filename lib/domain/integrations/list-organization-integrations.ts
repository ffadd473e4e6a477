import type { Db } from "@/lib/db/client";

/** The integrations an organization has linked, for settings and for the create-issue menu. */
export async function listOrganizationIntegrations(db: Db, organizationId: string) {
  const links = await db.organizationIntegration.findMany({
    where: { organizationId },
    include: { integration: { select: { id: true, provider: true, name: true, status: true, metadata: true, externalId: true } } },
    orderBy: { createdAt: "asc" },
  });
  return links.map((link) => ({
    id: link.integration.id,
    provider: link.integration.provider,
    name: link.integration.name,
    status: link.status === "active" && link.integration.status === "active" ? "active" : "disabled",
    baseUrl: (link.integration.metadata as { base_url?: string } | null)?.base_url ?? null,
    linkedAt: link.createdAt,
  }));
}
