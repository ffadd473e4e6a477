import type { IntegrationProviderDefinition } from "@/lib/integrations/provider-capabilities";
import { createJiraIssueForGroup, getCreateIssueForm } from "./create-issue";
import { getJiraOrganizationSettings, jiraConfigUpdateSchema, updateJiraOrganizationConfig } from "./edit-organization-config";
import { linkJiraIssueToGroup } from "./link-issue";
import { DEFAULT_JIRA_ORGANIZATION_CONFIG, jiraOrganizationConfigSchema } from "./organization-config";
import { jiraIssueSyncProvider } from "./outbound-issue-sync";
import { searchIssueFieldOptions } from "./search-field-options";
import { listJiraSiteStatusesAndProjects } from "./site-catalog";

/** Jira Cloud (Atlassian Connect app): what Tether does with it, as the provider registry sees it. */
export const jiraProvider: IntegrationProviderDefinition = {
  name: "jira",
  displayName: "Jira",
  issueSync: jiraIssueSyncProvider,
  issueLinks: {
    createForm: getCreateIssueForm,
    create: createJiraIssueForGroup,
    link: linkJiraIssueToGroup,
    searchFieldOptions: searchIssueFieldOptions,
  },
  settings: {
    configSchema: jiraOrganizationConfigSchema,
    defaults: DEFAULT_JIRA_ORGANIZATION_CONFIG,
    updateSchema: jiraConfigUpdateSchema,
    read: getJiraOrganizationSettings,
    update: (db, input) => updateJiraOrganizationConfig(db, { ...input, update: jiraConfigUpdateSchema.parse(input.update) }),
    catalog: listJiraSiteStatusesAndProjects,
  },
};
