import type { ComponentType } from "react";
import type { IntegrationProvider } from "@/lib/generated/prisma/client";
import { JiraSettingsForm, type JiraSettingsView } from "@/components/jira/jira-settings-form";
import { DiscordSettingsForm, type DiscordSettingsView } from "@/components/discord/discord-settings-form";

export interface ProviderSettingsFormProps {
  orgSlug: string;
  integrationId: string;
  /** What the provider's `settings.read` answered (the same the settings API answers). */
  initial: unknown;
  canEdit: boolean;
}

/**
 * The settings form of each provider, by name: the UI side of the provider registry
 * (lib/integrations/providers.ts). A provider without an entry shows no form.
 */
export const providerSettingsForms: Partial<Record<IntegrationProvider, ComponentType<ProviderSettingsFormProps>>> = {
  jira: function JiraForm(props) {
    return <JiraSettingsForm {...props} initial={props.initial as JiraSettingsView} />;
  },
  discord: function DiscordForm(props) {
    return <DiscordSettingsForm {...props} initial={props.initial as DiscordSettingsView} />;
  },
};
