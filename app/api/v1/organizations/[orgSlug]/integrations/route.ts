import { listIntegrationsHandler } from "@/lib/http/handlers/integration-settings";

export const dynamic = "force-dynamic";

export const GET = listIntegrationsHandler;
