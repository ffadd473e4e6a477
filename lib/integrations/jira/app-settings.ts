import { z } from "zod";
import { jiraSiteUrlProblem } from "./site-url-guard";

/** Where Jira reaches Tether, and how Tether names itself to Jira. */
export interface JiraAppSettings {
  baseUrl: string;
  appKey: string;
  installKeysUrl: string;
  allowInsecureSites: boolean;
  /** Hosts a Jira site may live on: Atlassian Cloud's plus TETHER_JIRA_ALLOWED_HOSTS. */
  allowedHostSuffixes: string[];
  useEmailScope: boolean;
}

const DEFAULT_INSTALL_KEYS_URL = "https://connect-install-keys.atlassian.com";
export const ATLASSIAN_CLOUD_HOST_SUFFIXES = ["atlassian.net", "jira.com"];

function hostSuffixes(list: string | undefined): string[] {
  const extra = (list ?? "").split(",").map((entry) => entry.trim().toLowerCase().replace(/^\*?\.+/, "").replace(/\.+$/, "")).filter(Boolean);
  return [...ATLASSIAN_CLOUD_HOST_SUFFIXES, ...extra];
}

export function jiraAppSettings(env: NodeJS.ProcessEnv = process.env): JiraAppSettings {
  const baseUrl = (env.TETHER_BASE_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
  const host = new URL(baseUrl).hostname;
  return {
    baseUrl,
    appKey: env.TETHER_JIRA_APP_KEY ?? `${host}.tether`,
    installKeysUrl: (env.JIRA_CONNECT_KEYS_URL ?? DEFAULT_INSTALL_KEYS_URL).replace(/\/+$/, ""),
    allowInsecureSites: env.JIRA_ALLOW_INSECURE_BASE_URL === "1",
    allowedHostSuffixes: hostSuffixes(env.TETHER_JIRA_ALLOWED_HOSTS),
    useEmailScope: env.JIRA_USE_EMAIL_SCOPE !== "0",
  };
}

/**
 * A Jira site base URL as an install may name it: https on an Atlassian Cloud host (or one of
 * TETHER_JIRA_ALLOWED_HOSTS); loopback, also over plain http, only when JIRA_ALLOW_INSECURE_BASE_URL=1
 * (local fakes and tests). Where the name resolves is checked again at every call (site-url-guard).
 */
export function jiraSiteUrlSchema(settings: Pick<JiraAppSettings, "allowInsecureSites" | "allowedHostSuffixes"> = jiraAppSettings()) {
  return z
    .string()
    .trim()
    .max(500)
    .url()
    .superRefine((value, ctx) => {
      // zod runs this even after .url() refused the value; that issue is already reported.
      if (!URL.canParse(value)) return;
      const problem = jiraSiteUrlProblem(new URL(value), settings);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform((value) => value.replace(/\/+$/, ""));
}
