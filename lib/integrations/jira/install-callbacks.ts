import type { Db } from "@/lib/db/client";
import { AppError, badRequest } from "@/lib/errors";
import type { Integration } from "@/lib/generated/prisma/client";
import type { InboundWebhook } from "@/lib/integrations/webhook";
import { authenticateConnect, connectRefusal } from "./connect-authentication";
import { ConnectJwtError, extractConnectToken, peekConnectJwt, verifyInstallJwt } from "./connect-jwt";
import { fetchInstallPublicKey } from "./install-keys";
import { findJiraInstallation, verifyJiraSiteRequest, type JiraInstallation } from "./installed-site";
import { installJiraApp, installedPayloadSchema, uninstallJiraApp, type InstalledPayload } from "./install-lifecycle";
import { jiraAppSettings } from "./app-settings";
import { isSandboxClientKey } from "@/lib/sandbox/settings";
import { sandboxJiraIdentity } from "@/lib/sandbox/site";

// Jira's lifecycle callbacks (behaviour.md §2.1–2.2) as providers of the shared webhook pipeline.
// Their refusals are Atlassian's `{detail}` answers in Sentry's order ([R] 400/401 instead of
// 500/409): the pipeline's 4xx AppErrors carry the detail text, the route answers them as `{detail}`.

const LIFECYCLE_BODY_LIMIT = 64 * 1024;

/** The 400 detail of each install-token failure Sentry names; any other failure is a 401. */
const INSTALL_FAILURE_DETAILS: Partial<Record<ConnectJwtError["failure"], string>> = {
  invalid_key_id: "Invalid key id",
  expired: "Expired signature",
  invalid_signature: "Invalid signature",
  malformed_token: "Could not decode JWT token",
  invalid_algorithm: "Invalid signature",
  invalid_audience: "Invalid audience",
};

/** A lifecycle callback's id goes on its sync-history row; it is never claimed (a repeat must apply again). */
function lifecycleDelivery(request: Request) {
  const id = request.headers.get("x-atlassian-webhook-identifier");
  return id ? { id, scope: "lifecycle", claim: false } : null;
}

function verifyInstallToken(token: string, request: Request, publicKeyFor: (kid: string) => Promise<string | null> = (kid) => fetchInstallPublicKey(kid)) {
  return verifyInstallJwt({ token, method: request.method, url: request.url, audience: jiraAppSettings().baseUrl, publicKeyFor });
}

/**
 * Verifies an install token and says whether it is the sandbox site's own install. The sandbox key
 * (the very PEM the sandbox serves under its install-keys URL, read from the database rather than
 * over HTTP) verifies only while the sandbox is on, and only an install naming the sandbox's own
 * clientKey; no other key may install under a sandbox clientKey.
 */
async function verifyInstall(db: Db, token: string, kid: string, request: Request): Promise<{ issuer: string; sandbox: boolean }> {
  const sandbox = await sandboxJiraIdentity(db);
  const sandboxKey = sandbox !== null && kid === sandbox.keyId;
  const { issuer } = await verifyInstallToken(token, request, sandboxKey ? async () => sandbox.publicKey : undefined);
  if (sandboxKey ? issuer !== sandbox.clientKey : isSandboxClientKey(issuer)) throw new ConnectJwtError("unknown_issuer", "This install key may not install that site");
  return { issuer, sandbox: sandboxKey };
}

/** POST /api/jira/installed: a site installs (or re-installs) Tether, signed with Atlassian's install key. */
export const jiraInstalledCallback: InboundWebhook<{ issuer: string; sandbox: boolean }, InstalledPayload, null, Integration> = {
  provider: "jira",
  bodyLimit: LIFECYCLE_BODY_LIMIT,

  async authenticate({ db, request, body }) {
    let token: string;
    try {
      token = extractConnectToken(request.headers.get("authorization"));
    } catch (error) {
      if (error instanceof ConnectJwtError) return connectRefusal(error);
      throw error;
    }
    // Sentry's order: the body must be there before the token is looked at.
    if ((await body()).trim() === "") throw badRequest("Empty request body");
    let kid: string | undefined;
    try {
      kid = peekConnectJwt(token).header.kid;
    } catch {
      throw badRequest("Failed to fetch key id");
    }
    if (!kid) throw badRequest("Missing key id");
    try {
      return { ok: true, sender: await verifyInstall(db, token, kid, request) };
    } catch (error) {
      if (!(error instanceof ConnectJwtError)) throw error;
      const detail = INSTALL_FAILURE_DETAILS[error.failure];
      if (detail) throw new AppError(400, "invalid_install_token", detail);
      return connectRefusal(error);
    }
  },

  // Made per request: the site URL rule follows the app settings of the moment.
  payload: installedPayloadSchema,
  describeInvalidPayload: (error) => `Invalid install payload: ${error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ")}`,
  deliveryId: ({ request }) => lifecycleDelivery(request),
  prepare: async () => null,

  // installJiraApp refuses a body naming another site than the verified issuer (400).
  apply: ({ tx, sender, payload, delivery }) => installJiraApp(tx, { issuer: sender.issuer, payload, sandbox: sender.sandbox }, delivery?.id ?? null),
};

/** POST /api/jira/uninstalled: fully verified (Atlassian's install key when the token names one, else the site's secret). */
export const jiraUninstalledCallback: InboundWebhook<JiraInstallation, undefined, null, Integration> = {
  provider: "jira",
  bodyLimit: LIFECYCLE_BODY_LIMIT,

  authenticate: ({ db, request }) =>
    authenticateConnect(async () => {
      const token = extractConnectToken(request.headers.get("authorization"));
      return peekConnectJwt(token).header.kid
        ? findJiraInstallation(db, (await verifyInstallToken(token, request)).issuer)
        : verifyJiraSiteRequest(db, { token, method: request.method, url: request.url });
    }),

  // Nothing in the uninstall body is used: the verified token says which site it is.
  payload: null,
  describeInvalidPayload: () => "",
  deliveryId: ({ request }) => lifecycleDelivery(request),
  prepare: async () => null,
  apply: ({ tx, sender, delivery }) => uninstallJiraApp(tx, sender.integration.externalId, delivery?.id ?? null),
};
