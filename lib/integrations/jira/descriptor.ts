import { jiraAppSettings, type JiraAppSettings } from "./app-settings";

/** The Atlassian Connect app descriptor (atlassian-connect.json) pointing Jira at Tether. */
export function connectDescriptor(settings: JiraAppSettings = jiraAppSettings()) {
  return {
    key: settings.appKey,
    name: "Tether",
    description: "Link error groups to Jira issues and keep assignee and status in sync both ways.",
    vendor: { name: "Tether", url: settings.baseUrl },
    baseUrl: settings.baseUrl,
    links: { self: `${settings.baseUrl}/api/jira/descriptor`, homepage: settings.baseUrl },
    authentication: { type: "jwt" },
    apiMigrations: { "signed-install": true, gdpr: true },
    lifecycle: { installed: "/api/jira/installed", uninstalled: "/api/jira/uninstalled" },
    scopes: ["read", "write", "act_as_user"],
    modules: {
      webhooks: [{ event: "jira:issue_updated", url: "/api/jira/issue-updated", excludeBody: false }],
      configurePage: { key: "tether-configure", name: { value: "Configure Tether" }, url: "/jira/configure" },
    },
  };
}
