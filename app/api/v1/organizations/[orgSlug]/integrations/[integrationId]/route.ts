import { getIntegrationSettingsHandler, updateIntegrationSettingsHandler } from "@/lib/http/handlers/integration-settings";

export const dynamic = "force-dynamic";

export const GET = getIntegrationSettingsHandler;
export const PUT = updateIntegrationSettingsHandler;
