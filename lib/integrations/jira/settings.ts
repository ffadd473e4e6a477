import { z } from "zod";

/** Where Jira reaches Tether, and how Tether names itself to Jira. */
export interface JiraAppSettings {
  baseUrl: string;
  appKey: string;
  installKeysUrl: string;
  allowInsecureSites: boolean;
  useEmailScope: boolean;
}

const DEFAULT_INSTALL_KEYS_URL = "https://connect-install-keys.atlassian.com";

export function jiraAppSettings(env: NodeJS.ProcessEnv = process.env): JiraAppSettings {
  const baseUrl = (env.TETHER_BASE_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
  const host = new URL(baseUrl).hostname;
  return {
    baseUrl,
    appKey: env.TETHER_JIRA_APP_KEY ?? `${host}.tether`,
    installKeysUrl: (env.JIRA_CONNECT_KEYS_URL ?? DEFAULT_INSTALL_KEYS_URL).replace(/\/+$/, ""),
    allowInsecureSites: env.JIRA_ALLOW_INSECURE_BASE_URL === "1",
    useEmailScope: env.JIRA_USE_EMAIL_SCOPE !== "0",
  };
}

/**
 * A Jira site base URL: https only; plain-http loopback only when JIRA_ALLOW_INSECURE_BASE_URL=1
 * (local fakes and tests) — never by default.
 */
export function jiraSiteUrlSchema(settings: Pick<JiraAppSettings, "allowInsecureSites"> = jiraAppSettings()) {
  return z
    .string()
    .trim()
    .max(500)
    .url()
    .refine((value) => {
      const url = new URL(value);
      if (url.protocol === "https:") return true;
      const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
      return settings.allowInsecureSites && url.protocol === "http:" && loopback;
    }, "The Jira site must be an https:// URL")
    .transform((value) => value.replace(/\/+$/, ""));
}
