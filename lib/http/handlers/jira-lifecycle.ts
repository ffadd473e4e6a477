import { NextResponse } from "next/server";
import type { Db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { readRawBody } from "@/lib/input/request-body";
import { invalidCharacters } from "@/lib/input/unstorable-input";
import { findUnstorableText } from "@/lib/text/unstorable-text";
import { parseUntrustedJson } from "@/lib/text/parse-untrusted-json";
import { logger } from "@/lib/logger";
import { ConnectJwtError, extractConnectToken, peekConnectJwt, verifyInstallJwt } from "@/lib/integrations/jira/connect-jwt";
import { fetchInstallPublicKey } from "@/lib/integrations/jira/install-keys";
import { findJiraInstallation, verifyJiraSiteRequest } from "@/lib/integrations/jira/installed-site";
import { installBodyMatchesIssuer, installJiraApp, installedPayloadSchema, syncJiraSiteMetadata, uninstallJiraApp } from "@/lib/integrations/jira/install-lifecycle";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";

const LIFECYCLE_BODY_LIMIT = 64 * 1024;

/** Jira lifecycle errors keep Atlassian/Sentry's `{detail}` body. */
export function jiraDetail(status: number, detail: string): NextResponse {
  return NextResponse.json({ detail }, { status });
}

/** [R] One 401 for every authentication failure (Sentry: 409, which Jira re-delivers for 30 min). */
export function connectAuthFailure(error: ConnectJwtError | { reason: string; message: string }): NextResponse {
  const reason = error instanceof ConnectJwtError ? error.failure : error.reason;
  return NextResponse.json({ detail: error.message, error: { code: "invalid_connect_jwt", reason, message: error.message } }, { status: 401 });
}

const INSTALL_FAILURE_DETAILS: Partial<Record<ConnectJwtError["failure"], string>> = {
  invalid_key_id: "Invalid key id",
  expired: "Expired signature",
  invalid_signature: "Invalid signature",
  malformed_token: "Could not decode JWT token",
  invalid_algorithm: "Invalid signature",
  invalid_audience: "Invalid audience",
};

function deliveryId(request: Request): string | null {
  return request.headers.get("x-atlassian-webhook-identifier");
}

/** POST /api/jira/installed — behaviour.md §2.1, in Sentry's order, with [R] 400/401 instead of 500/409. */
export async function handleJiraInstalled(db: Db, request: Request): Promise<Response> {
  let token: string;
  try {
    token = extractConnectToken(request.headers.get("authorization"));
  } catch (error) {
    if (error instanceof ConnectJwtError) return connectAuthFailure(error);
    throw error;
  }
  let text: string;
  try {
    text = await readRawBody(request, LIFECYCLE_BODY_LIMIT);
  } catch (error) {
    if (error instanceof ApiError) return jiraDetail(error.status, error.message);
    throw error;
  }
  if (text.trim() === "") return jiraDetail(400, "Empty request body");

  let header: { kid?: string };
  try {
    header = peekConnectJwt(token).header;
  } catch {
    return jiraDetail(400, "Failed to fetch key id");
  }
  if (!header.kid) return jiraDetail(400, "Missing key id");

  const settings = jiraAppSettings();
  let issuer: string;
  try {
    ({ issuer } = await verifyInstallJwt({
      token,
      method: request.method,
      url: request.url,
      audience: settings.baseUrl,
      publicKeyFor: (kid) => fetchInstallPublicKey(kid),
    }));
  } catch (error) {
    if (!(error instanceof ConnectJwtError)) throw error;
    const detail = INSTALL_FAILURE_DETAILS[error.failure];
    return detail ? jiraDetail(400, detail) : connectAuthFailure(error);
  }

  let body: unknown;
  try {
    body = parseUntrustedJson(text);
  } catch {
    return jiraDetail(400, "Request body is not valid JSON");
  }
  const unstorable = findUnstorableText(body);
  if (unstorable !== null) return jiraDetail(400, invalidCharacters("body", unstorable).message);
  const parsed = installedPayloadSchema().safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
    return jiraDetail(400, `Invalid install payload: ${fields}`);
  }
  if (!installBodyMatchesIssuer(issuer, parsed.data)) return jiraDetail(400, "Token issuer does not match clientKey");

  const integration = await installJiraApp(db, { issuer, payload: parsed.data }, deliveryId(request));
  logger.info({ integrationId: integration.id, site: parsed.data.baseUrl }, "Jira site installed");
  // Naming the site is cosmetic: it must never delay or fail the install callback.
  void syncJiraSiteMetadata(db, issuer).catch((err: unknown) => logger.warn({ err }, "Jira metadata sync failed"));
  return new NextResponse(null, { status: 200 });
}

/** POST /api/jira/uninstalled — full verification (asymmetric when the token has a kid). */
export async function handleJiraUninstalled(db: Db, request: Request): Promise<Response> {
  try {
    const token = extractConnectToken(request.headers.get("authorization"));
    const { header } = peekConnectJwt(token);
    const settings = jiraAppSettings();
    const installation = header.kid
      ? await findJiraInstallation(
          db,
          (await verifyInstallJwt({ token, method: request.method, url: request.url, audience: settings.baseUrl, publicKeyFor: (kid) => fetchInstallPublicKey(kid) })).issuer,
        )
      : await verifyJiraSiteRequest(db, { token, method: request.method, url: request.url });
    if (!installation) return connectAuthFailure(new ConnectJwtError("unknown_issuer"));
    await uninstallJiraApp(db, installation.integration.externalId, deliveryId(request));
    logger.info({ integrationId: installation.integration.id }, "Jira site uninstalled");
    return new NextResponse(null, { status: 200 });
  } catch (error) {
    if (error instanceof ConnectJwtError) return connectAuthFailure(error);
    throw error;
  }
}
