import { randomUUID } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { queryStringHash } from "@/lib/integrations/jira/connect-jwt";
import type { SandboxJiraSite } from "./site";
import { tetherInternalUrl } from "./settings";

// What the sandbox site sends Tether, signed exactly as Jira Cloud signs for an installed app and
// delivered over HTTP to Tether's own endpoints: the same path a real site's calls take.

/** How a request reaches Tether; fetch in the product, a test may hand it to the route handlers. */
export type DeliverToTether = (url: string, init: RequestInit) => Promise<Response>;

export interface TetherAnswer {
  status: number;
  body: unknown;
}

async function answerOf(response: Response): Promise<TetherAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // Not JSON: kept as text for the caller's message.
  }
  return { status: response.status, body };
}

/** A webhook token as Jira signs one: HS256 with the install's shared secret, iss = the site's clientKey, qsh over the request. */
export async function signSandboxWebhook(site: Pick<SandboxJiraSite, "clientKey" | "sharedSecret">, method: string, url: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ qsh: queryStringHash(method, url) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(site.clientKey)
    .setIssuedAt(now)
    .setExpirationTime(now + 180)
    .sign(new TextEncoder().encode(site.sharedSecret));
}

/** An install token as Atlassian signs one: RS256 with the site's install key, kid in the header, aud = Tether's base URL. */
export async function signSandboxInstall(site: Pick<SandboxJiraSite, "clientKey" | "keyId" | "privateKey">, method: string, url: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ qsh: queryStringHash(method, url) })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: site.keyId })
    .setIssuer(site.clientKey)
    .setAudience(jiraAppSettings().baseUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 180)
    .sign(await importPKCS8(site.privateKey, "RS256"));
}

/** POST /api/jira/installed with the site's signed `installed` callback. */
export async function sendSandboxInstall(site: SandboxJiraSite, deliver: DeliverToTether = fetch): Promise<TetherAnswer> {
  const url = `${tetherInternalUrl()}/api/jira/installed`;
  const payload = {
    key: jiraAppSettings().appKey,
    clientKey: site.clientKey,
    sharedSecret: site.sharedSecret,
    baseUrl: site.baseUrl,
    displayUrl: site.baseUrl,
    productType: "jira",
    description: "Tether's sandbox Jira site",
    eventType: "installed",
    serverVersion: "100.0",
    pluginsVersion: "1001.0.0",
  };
  const response = await deliver(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `JWT ${await signSandboxInstall(site, "POST", url)}`, "x-atlassian-webhook-identifier": randomUUID() },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(15_000),
  });
  return answerOf(response);
}

/** POST /api/jira/issue-updated with a signed `jira:issue_updated` webhook. */
export async function sendSandboxIssueUpdated(site: SandboxJiraSite, payload: unknown, deliver: DeliverToTether = fetch): Promise<TetherAnswer> {
  const url = `${tetherInternalUrl()}/api/jira/issue-updated`;
  const response = await deliver(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `JWT ${await signSandboxWebhook(site, "POST", url)}`, "x-atlassian-webhook-identifier": randomUUID() },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(15_000),
  });
  return answerOf(response);
}
