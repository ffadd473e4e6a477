import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { openSecrets } from "@/lib/crypto/secrets";
import type { Integration } from "@/lib/generated/prisma/client";
import type { OrganizationLink } from "@/lib/integrations/sync";
import { ConnectJwtError, verifyConnectJwt } from "./connect-jwt";
import { JiraRestClient } from "./signed-rest-client";
import { jiraAppSettings } from "./app-settings";
import type { SiteGuardSettings } from "./site-url-guard";
import { sandboxEnabled, sandboxJiraBaseUrl, sandboxJiraIssueUrl } from "@/lib/sandbox/settings";

export const jiraMetadataSchema = z
  .object({
    base_url: z.string(),
    domain_name: z.string().optional(),
    oauth_client_id: z.string().nullable().optional(),
    public_key: z.string().nullable().optional(),
    icon: z.string().nullable().optional(),
    // Set by installJiraApp only for the sandbox site's own verified install.
    sandbox: z.boolean().optional(),
  })
  .passthrough();
export type JiraMetadata = z.infer<typeof jiraMetadataSchema>;

const jiraSecretsSchema = z.object({ shared_secret: z.string().min(1) });

/** A Jira site installation: the Integration row with its metadata and decrypted shared secret. */
export interface JiraInstallation {
  integration: Integration;
  metadata: JiraMetadata;
  sharedSecret: string;
}

export function readJiraInstallation(integration: Integration): JiraInstallation {
  return { integration, ...jiraSiteOf(integration) };
}

/** The installation for a Connect `clientKey` (the JWT `iss`), whatever its status. */
export async function findJiraInstallation(db: Db, clientKey: string): Promise<JiraInstallation | null> {
  const integration = await db.integration.findUnique({ where: { provider_externalId: { provider: "jira", externalId: clientKey } } });
  return integration ? readJiraInstallation(integration) : null;
}

/**
 * Verifies a Connect JWT signed with a site's shared secret (HS256, exp, qsh) and answers that
 * site's installation, read once for both. An unknown issuer is a ConnectJwtError like any other.
 */
export function verifyJiraSiteRequest(db: Db, request: { token: string; method: string; url: string }): Promise<JiraInstallation> {
  return verifySiteRequest(request, (issuer) => findJiraInstallation(db, issuer));
}

async function verifySiteRequest<T extends JiraInstallation>(request: { token: string; method: string; url: string }, find: (issuer: string) => Promise<T | null>): Promise<T> {
  const lookup: { installation: T | null } = { installation: null };
  await verifyConnectJwt({
    ...request,
    sharedSecretFor: async (issuer) => {
      lookup.installation = await find(issuer);
      return lookup.installation?.sharedSecret ?? null;
    },
  });
  if (!lookup.installation) throw new ConnectJwtError("unknown_issuer");
  return lookup.installation;
}

/** An installation with the organizations actively linked to it and their settings for it. */
export interface LinkedJiraInstallation extends JiraInstallation {
  organizationLinks: OrganizationLink[];
}

/**
 * The installation for a Connect `clientKey` and its active organization links, in one statement:
 * a webhook needs both, and reads them on every delivery.
 */
async function findLinkedJiraInstallation(db: Db, clientKey: string): Promise<LinkedJiraInstallation | null> {
  const [row] = await db.$queryRaw<(Integration & { organizationLinks: OrganizationLink[] })[]>`
    SELECT i.id, i.provider::text AS provider, i."externalId", i.name, i.status::text AS status, i.metadata, i.secrets, i."createdAt", i."updatedAt",
           COALESCE((SELECT json_agg(json_build_object('organizationId', oi."organizationId", 'config', oi.config) ORDER BY oi."createdAt", oi.id)
                       FROM "OrganizationIntegration" oi
                      WHERE oi."integrationId" = i.id AND oi.status = 'active'), '[]'::json) AS "organizationLinks"
      FROM "Integration" i
     WHERE i.provider = 'jira' AND i."externalId" = ${clientKey}`;
  if (!row) return null;
  const { organizationLinks, ...integration } = row;
  return { ...readJiraInstallation(integration), organizationLinks };
}

/** Like verifyJiraSiteRequest, answering the site's organization links as well (read in the same statement). */
export function verifyLinkedJiraSiteRequest(db: Db, request: { token: string; method: string; url: string }): Promise<LinkedJiraInstallation> {
  return verifySiteRequest(request, (issuer) => findLinkedJiraInstallation(db, issuer));
}

/** The decrypted site credentials of an integration row (outbound jobs read only these columns). */
export function jiraSiteOf(integration: Pick<Integration, "metadata" | "secrets">): { metadata: JiraMetadata; sharedSecret: string } {
  const metadata = jiraMetadataSchema.parse(integration.metadata);
  const secrets = jiraSecretsSchema.parse(integration.secrets ? openSecrets(integration.secrets) : {});
  return { metadata, sharedSecret: secrets.shared_secret };
}

/** The site guard for an installation: the sandbox's own install may call the sandbox URL (Tether itself), nothing else may. */
function guardFor(metadata: JiraMetadata): SiteGuardSettings | undefined {
  if (metadata.sandbox !== true || !sandboxEnabled()) return undefined;
  const sandboxBaseUrl = sandboxJiraBaseUrl();
  if (metadata.base_url.replace(/\/+$/, "") !== sandboxBaseUrl) return undefined;
  return { ...jiraAppSettings(), sandboxBaseUrl };
}

export function jiraClientFor(installation: Pick<JiraInstallation, "metadata" | "sharedSecret">, options: { timeoutMs?: number } = {}): JiraRestClient {
  return new JiraRestClient(
    { baseUrl: installation.metadata.base_url, appKey: jiraAppSettings().appKey, sharedSecret: installation.sharedSecret },
    { ...options, guard: guardFor(installation.metadata) },
  );
}

/**
 * Where a person opens the issue. The sandbox's base URL is how the server reaches itself (often
 * 127.0.0.1), useless in someone else's browser: its issues open through Tether's public address.
 */
export function jiraIssueUrl(installation: Pick<JiraInstallation, "metadata">, key: string): string {
  if (installation.metadata.sandbox === true) return sandboxJiraIssueUrl(key);
  return `${installation.metadata.base_url.replace(/\/+$/, "")}/browse/${encodeURIComponent(key)}`;
}
