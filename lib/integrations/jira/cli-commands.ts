import { findOrganization } from "@/lib/domain/organizations/lookups";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { type CliCommand, ORG_OPTION, organizationFrom } from "@/lib/cli/command";

export const jiraCommands: CliCommand[] = [
  {
    name: "jira link",
    summary: "Link an installed Jira site (by its Connect clientKey) to an organization, like the configure page does.",
    options: {
      "client-key": { type: "string", required: true, value: "<clientKey>", description: "the Jira site's Connect clientKey (see `tether jira sites`)" },
      org: ORG_OPTION,
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const link = await linkJiraSiteToOrganization(db, { clientKey: args.need("client-key"), organizationId: organization.id });
      return {
        json: { id: link.id, integrationId: link.integrationId, organizationId: organization.id, site: (link.integration.metadata as { base_url?: string }).base_url ?? null },
        text: `Linked Jira site ${link.integration.name} to ${organization.slug} (integration ${link.integrationId}); configure it at /o/${organization.slug}/settings/integrations/${link.integrationId}`,
      };
    },
  },
  {
    name: "jira sites",
    summary: "List the installed Jira sites and the organizations they are linked to.",
    options: { org: { type: "string", value: "<slug>", description: "only the sites linked to this organization" } },
    async run({ db }, args) {
      const orgSlug = args.get("org");
      if (orgSlug) {
        const organization = await findOrganization(db, { slug: orgSlug });
        const sites = (await listOrganizationIntegrations(db, organization.id)).filter((i) => i.provider === "jira");
        return { json: sites, text: sites.length ? sites.map((s) => `${s.id}  ${s.name}  ${s.baseUrl ?? ""}  ${s.status}`).join("\n") : `No Jira site is linked to ${organization.slug}` };
      }
      const sites = await db.integration.findMany({
        where: { provider: "jira" },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, externalId: true, status: true, metadata: true, organizationIntegrations: { select: { organization: { select: { slug: true } } } } },
      });
      const rows = sites.map((s) => ({
        id: s.id,
        name: s.name,
        clientKey: s.externalId,
        status: s.status,
        baseUrl: (s.metadata as { base_url?: string }).base_url ?? null,
        organizations: s.organizationIntegrations.map((o) => o.organization.slug),
      }));
      return {
        json: rows,
        text: rows.length
          ? rows.map((r) => `${r.clientKey}  ${r.name}  ${r.baseUrl ?? ""}  ${r.status}  linked: ${r.organizations.join(", ") || "none"}`).join("\n")
          : "No Jira site has installed Tether yet. Install the app in Jira with the descriptor at /api/jira/descriptor.",
      };
    },
  },
];
