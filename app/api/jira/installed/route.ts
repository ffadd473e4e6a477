import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { readRawBody } from "@/lib/input/request-body";
import { invalidCharacters } from "@/lib/input/unstorable-input";
import { publicRoute } from "@/lib/http/route";
import { findUnstorableText } from "@/lib/text/unstorable-text";
import { parseUntrustedJson } from "@/lib/text/parse-untrusted-json";
import { logger } from "@/lib/logger";
import { ConnectJwtError, extractConnectToken, peekConnectJwt, verifyInstallJwt } from "@/lib/integrations/jira/connect-jwt";
import { fetchInstallPublicKey } from "@/lib/integrations/jira/install-keys";
import { installBodyMatchesIssuer, installJiraApp, installedPayloadSchema, syncJiraSiteMetadata } from "@/lib/integrations/jira/install-lifecycle";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { connectAuthFailure, jiraDeliveryId, jiraDetail } from "../connect-responses";

export const dynamic = "force-dynamic";

const LIFECYCLE_BODY_LIMIT = 64 * 1024;

const INSTALL_FAILURE_DETAILS: Partial<Record<ConnectJwtError["failure"], string>> = {
  invalid_key_id: "Invalid key id",
  expired: "Expired signature",
  invalid_signature: "Invalid signature",
  malformed_token: "Could not decode JWT token",
  invalid_algorithm: "Invalid signature",
  invalid_audience: "Invalid audience",
};

/** POST /api/jira/installed — behaviour.md §2.1, in Sentry's order, with [R] 400/401 instead of 500/409. */
export const POST = publicRoute(async ({ db, request }) => {
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
    if (error instanceof AppError) return jiraDetail(error.status, error.message);
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

  const integration = await installJiraApp(db, { issuer, payload: parsed.data }, jiraDeliveryId(request));
  logger.info({ integrationId: integration.id, site: parsed.data.baseUrl }, "Jira site installed");
  // Naming the site is cosmetic: it must never delay or fail the install callback.
  void syncJiraSiteMetadata(db, issuer).catch((err: unknown) => logger.warn({ err }, "Jira metadata sync failed"));
  return new NextResponse(null, { status: 200 });
});
