import { ConnectJwtError } from "./connect-jwt";
import { verifyJiraSiteRequest } from "./installed-site";
import type { Db } from "@/lib/db/client";
import { issueSiteLinkToken } from "./site-link-token";
import { jiraAppSettings } from "./app-settings";

export type ConfigurePageState =
  | { ok: true; siteUrl: string; siteName: string; linkToken: string; linkedOrganizations: { slug: string; name: string }[] }
  | { ok: false; reason: string };

/**
 * The configure page Jira opens with `?jwt=…` (HS256, qsh over GET /jira/configure and its query):
 * which site it is and a token to link it to an organization in a Tether tab.
 */
export async function loadJiraConfigurePage(db: Db, search: Record<string, string | string[] | undefined>): Promise<ConfigurePageState> {
  const jwt = typeof search.jwt === "string" ? search.jwt : null;
  if (!jwt) return { ok: false, reason: "Open this page from Jira: Apps › Manage apps › Tether › Configure." };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, v);
  }
  const url = `${jiraAppSettings().baseUrl}/jira/configure?${query.toString()}`;
  try {
    const installation = await verifyJiraSiteRequest(db, { token: jwt, method: "GET", url });
    const issuer = installation.integration.externalId;
    if (installation.integration.status !== "active") return { ok: false, reason: "This Jira site has no active Tether installation. Install the app again." };
    const links = await db.organizationIntegration.findMany({
      where: { integrationId: installation.integration.id, status: "active" },
      select: { organization: { select: { slug: true, name: true } } },
    });
    return {
      ok: true,
      siteUrl: installation.metadata.base_url,
      siteName: installation.integration.name,
      linkToken: await issueSiteLinkToken(issuer),
      linkedOrganizations: links.map((l) => l.organization),
    };
  } catch (error) {
    if (error instanceof ConnectJwtError) return { ok: false, reason: `Jira's signature on this page could not be verified (${error.message}). Reload it from Jira.` };
    throw error;
  }
}
