import type { ComponentType } from "react";
import type { IntegrationProvider } from "@/lib/generated/prisma/client";
import { ConnectJiraSiteHelp } from "@/components/jira/connect-jira-site-help";
import { ConnectDiscordHelp } from "@/components/discord/connect-discord-help";

/** How to connect each provider, by name (the integrations page shows one section per entry). */
export const providerConnectHelp: Partial<Record<IntegrationProvider, ComponentType<{ orgSlug: string }>>> = {
  jira: ConnectJiraSiteHelp,
  discord: ConnectDiscordHelp,
};
