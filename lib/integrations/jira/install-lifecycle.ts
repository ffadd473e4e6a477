import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { sealSecrets } from "@/lib/crypto/secrets";
import { badRequest } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;
import { logger } from "@/lib/logger";
import { getServerInfo, listProjects } from "./rest-resources";
import { findJiraInstallation, jiraClientFor } from "./installed-site";
import { jiraSiteUrlSchema } from "./app-settings";
import { sandboxEnabled, sandboxJiraBaseUrl } from "@/lib/sandbox/settings";

/** A site URL an install may name: Jira Cloud's, or (sandbox on) exactly the sandbox site's; installJiraApp checks who may name that one. */
function installSiteUrlSchema() {
  if (!sandboxEnabled()) return jiraSiteUrlSchema();
  return z.union([z.literal(sandboxJiraBaseUrl()), jiraSiteUrlSchema()]);
}

export function installedPayloadSchema() {
  return z
    .object({
      key: z.string().max(200).optional(),
      clientKey: z.string().min(1).max(200),
      sharedSecret: z.string().min(8).max(1000),
      baseUrl: installSiteUrlSchema(),
      displayUrl: z.string().max(500).optional(),
      productType: z.string().max(50).optional(),
      description: z.string().max(2000).optional(),
      eventType: z.string().max(50).optional(),
      oauthClientId: z.string().max(500).optional(),
      publicKey: z.string().max(5000).optional(),
      serverVersion: z.string().max(100).optional(),
      pluginsVersion: z.string().max(100).optional(),
      // Sentry-style re-install carries both; then external_id wins as the tenant id (§2.1 step 6).
      external_id: z.string().max(200).optional(),
      metadata: z.unknown().optional(),
    })
    .passthrough();
}
export type InstalledPayload = z.infer<ReturnType<typeof installedPayloadSchema>>;

/**
 * The body is not covered by the install JWT, so it may only repeat the verified issuer: a body
 * naming another site (by clientKey, or by Sentry's external_id) must not reach that site's row.
 */
function installBodyMatchesIssuer(issuer: string, payload: InstalledPayload): boolean {
  return payload.clientKey === issuer && (payload.external_id === undefined || payload.external_id === issuer);
}

/**
 * Records a Jira site installation: creates it, or on re-install overwrites metadata and secret and
 * re-activates it. No organization is linked here; the configure page does that.
 */
export async function installJiraApp(tx: Tx, install: { issuer: string; payload: InstalledPayload; sandbox?: boolean }, deliveryId: string | null = null) {
  const { issuer, payload } = install;
  if (!installBodyMatchesIssuer(issuer, payload)) throw badRequest("Token issuer does not match clientKey");
  const baseUrl = payload.baseUrl;
  const sandbox = install.sandbox === true;
  // The sandbox URL is Tether itself: only the sandbox's own signed install may name it, and that install names nothing else.
  if (sandbox !== (sandboxEnabled() && baseUrl === sandboxJiraBaseUrl())) throw badRequest("Invalid install payload: baseUrl: The Jira site must be an https:// URL on an Atlassian Cloud host");
  const metadata = {
    ...(sandbox ? { sandbox: true } : {}),
    base_url: baseUrl,
    domain_name: baseUrl.replace(/^https?:\/\//, ""),
    oauth_client_id: payload.oauthClientId ?? null,
    public_key: payload.publicKey ?? null,
  } satisfies Prisma.InputJsonObject;
  const secrets = sealSecrets({ shared_secret: payload.sharedSecret });
  const existing = await tx.integration.findUnique({ where: { provider_externalId: { provider: "jira", externalId: issuer } } });
  const previous = (existing?.metadata ?? {}) as Prisma.JsonObject;
  const row = await tx.integration.upsert({
    where: { provider_externalId: { provider: "jira", externalId: issuer } },
    create: { provider: "jira", externalId: issuer, name: "JIRA", metadata, secrets, status: "active" },
    // Keep the icon found by the last metadata sync; everything Jira sends is replaced.
    update: { metadata: { ...metadata, icon: (previous.icon as string | undefined) ?? null }, secrets, status: "active" },
  });
  await tx.syncEvent.create({
    data: { provider: "jira", direction: "inbound", kind: "install", integrationId: row.id, outcome: "applied", reason: existing ? "re-installed" : "installed", deliveryId },
  });
  return row;
}

/** Marks the installation disabled; links and organization settings stay for a re-install. */
export async function uninstallJiraApp(tx: Tx, clientKey: string, deliveryId: string | null = null) {
  const row = await tx.integration.update({
    where: { provider_externalId: { provider: "jira", externalId: clientKey } },
    data: { status: "disabled" },
  });
  await tx.syncEvent.create({
    data: { provider: "jira", direction: "inbound", kind: "install", integrationId: row.id, outcome: "applied", reason: "uninstalled", deliveryId },
  });
  return row;
}

/** After an install: the site's title becomes the integration name, its first project's avatar the icon. */
export async function syncJiraSiteMetadata(db: Db, clientKey: string): Promise<void> {
  const installation = await findJiraInstallation(db, clientKey);
  if (!installation) return;
  const client = jiraClientFor(installation, { timeoutMs: 5000 });
  try {
    const info = await getServerInfo(client);
    const projects = await listProjects(client).catch(() => []);
    const icon = projects[0]?.avatarUrls?.["48x48"] ?? null;
    await db.integration.update({
      where: { id: installation.integration.id },
      data: {
        name: info.serverTitle ?? installation.integration.name,
        metadata: { ...installation.metadata, icon } as Prisma.InputJsonObject,
      },
    });
  } catch (error) {
    logger.warn({ err: error, integrationId: installation.integration.id }, "could not sync Jira site metadata");
  }
}
