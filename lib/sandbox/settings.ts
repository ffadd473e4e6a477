// Whether the sandbox Jira site is on, and where it lives. On with the demo data (TETHER_DEMO is
// not "0"); TETHER_SANDBOX=0|1 overrides. It is served by Tether itself, under /sandbox/jira of
// the address the server reaches itself on (TETHER_INTERNAL_URL, set by npm start).

import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";

type Env = Record<string, string | undefined>;

export function sandboxEnabled(env: Env = process.env): boolean {
  if (env.TETHER_SANDBOX === "1") return true;
  if (env.TETHER_SANDBOX === "0") return false;
  return env.TETHER_DEMO !== "0";
}

/** How the server reaches itself over HTTP (the install callback and webhooks go there). */
export function tetherInternalUrl(env: Env = process.env): string {
  return (env.TETHER_INTERNAL_URL || `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/** The sandbox site's base URL: what it names as `baseUrl` in its install and what Tether calls. */
export function sandboxJiraBaseUrl(env: Env = process.env): string {
  return `${tetherInternalUrl(env)}/sandbox/jira`;
}

/** A sandbox issue's link for people: the public browse route, which leads to the Sandbox Jira page. */
export function sandboxJiraIssueUrl(key: string, env: Env = process.env): string {
  return `${tetherPublicBaseUrl(env)}/sandbox/jira/browse/${encodeURIComponent(key)}`;
}

/** Where the sandbox publishes its install public key by key id (like connect-install-keys.atlassian.com). */
export function sandboxInstallKeysUrl(env: Env = process.env): string {
  return `${sandboxJiraBaseUrl(env)}/install-keys`;
}

const SANDBOX_CLIENT_KEY_PREFIX = "tether-sandbox-";

/** Sandbox client keys are Tether's own; no real site may install under one. */
export function isSandboxClientKey(clientKey: string): boolean {
  return clientKey.startsWith(SANDBOX_CLIENT_KEY_PREFIX);
}

export function newSandboxClientKey(id: string): string {
  return `${SANDBOX_CLIENT_KEY_PREFIX}${id}`;
}
