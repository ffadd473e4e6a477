import type { ComponentType } from "react";
import type { IntegrationProvider } from "@/lib/generated/prisma/client";
import { CreateJiraIssueForm } from "@/components/jira/create-jira-issue-form";

export interface CreateIssueFormProps {
  groupId: string;
  integrationId: string;
  onDone: () => void;
  onCancel: () => void;
}

/** The create-issue form of each provider with the issueLinks capability, by name. */
export const providerCreateIssueForms: Partial<Record<IntegrationProvider, ComponentType<CreateIssueFormProps>>> = {
  jira: CreateJiraIssueForm,
};
