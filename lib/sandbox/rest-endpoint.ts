import { NextResponse } from "next/server";
import { SecretsUnreadableError } from "@/lib/crypto/secrets";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { ConnectJwtError, extractConnectToken, verifyConnectJwt } from "@/lib/integrations/jira/connect-jwt";
import { parseJsonText, readRawBody } from "@/lib/input/request-body";
import { answerJiraRest } from "./jira-core";
import { sandboxEnabled } from "./settings";
import { findSandboxJiraSite } from "./site";
import { sandboxJiraStore } from "./store";

// The sandbox site's REST API, as Jira Cloud serves it to an installed Connect app: every call
// must carry Tether's Connect JWT (HS256 with the install's shared secret, Tether's app key as
// issuer, qsh over this very request relative to the site). Off, or never installed: 404.

const BODY_LIMIT = 256 * 1024;

export function sandboxOff(): NextResponse {
  return NextResponse.json({ errorMessages: ["Not found"] }, { status: 404 });
}

function refused(message: string): NextResponse {
  return NextResponse.json({ errorMessages: [`Authentication failed: ${message}`] }, { status: 401 });
}

/** `url`'s path below the sandbox base (`/sandbox/jira/rest/...` → `/rest/...`), with its query. */
function siteRelative(url: URL): URL {
  const relative = new URL(url.toString());
  relative.pathname = url.pathname.replace(/^\/sandbox\/jira(?=\/)/, "");
  return relative;
}

export async function serveSandboxJiraRest(db: Db, request: Request): Promise<NextResponse> {
  if (!sandboxEnabled()) return sandboxOff();
  let site;
  try {
    site = await findSandboxJiraSite(db);
  } catch (err) {
    // Its sealed secrets no longer open (TETHER_SECRET_KEY changed): a clear answer, not a 500.
    if (!(err instanceof SecretsUnreadableError)) throw err;
    logger.error({ err }, "sandbox Jira: the site's secrets cannot be opened with the current TETHER_SECRET_KEY");
    return NextResponse.json({ errorMessages: ["The sandbox site's secrets cannot be read; restart Tether with its original TETHER_SECRET_KEY"] }, { status: 503 });
  }
  if (!site) return sandboxOff();
  const url = siteRelative(new URL(request.url));
  try {
    await verifyConnectJwt({
      token: extractConnectToken(request.headers.get("authorization")),
      method: request.method,
      url,
      sharedSecretFor: async (issuer) => (issuer === jiraAppSettings().appKey ? site.sharedSecret : null),
    });
  } catch (error) {
    if (error instanceof ConnectJwtError) return refused(error.message);
    throw error;
  }
  const text = request.method === "GET" || request.method === "HEAD" ? "" : await readRawBody(request, BODY_LIMIT);
  const body = text.trim() ? parseJsonText(text) : null;
  const answer = await answerJiraRest(sandboxJiraStore(db), { method: request.method, path: url.pathname, query: url.searchParams, body, baseUrl: site.baseUrl });
  if (answer.status === 204 || answer.body === undefined) return new NextResponse(null, { status: answer.status });
  return NextResponse.json(answer.body, { status: answer.status });
}
