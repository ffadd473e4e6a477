import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { ConnectJwtError, extractConnectToken, peekConnectJwt, verifyInstallJwt } from "@/lib/integrations/jira/connect-jwt";
import { fetchInstallPublicKey } from "@/lib/integrations/jira/install-keys";
import { findJiraInstallation, verifyJiraSiteRequest } from "@/lib/integrations/jira/installed-site";
import { uninstallJiraApp } from "@/lib/integrations/jira/install-lifecycle";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { connectAuthFailure, jiraDeliveryId } from "../connect-responses";

export const dynamic = "force-dynamic";

/** POST /api/jira/uninstalled — full verification (asymmetric when the token has a kid). */
export const POST = publicRoute(async ({ db, request }) => {
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
    await uninstallJiraApp(db, installation.integration.externalId, jiraDeliveryId(request));
    logger.info({ integrationId: installation.integration.id }, "Jira site uninstalled");
    return new NextResponse(null, { status: 200 });
  } catch (error) {
    if (error instanceof ConnectJwtError) return connectAuthFailure(error);
    throw error;
  }
});
