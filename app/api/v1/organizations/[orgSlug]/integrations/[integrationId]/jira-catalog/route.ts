import { getIntegrationCatalogHandler } from "@/lib/http/handlers/integration-settings";

export const dynamic = "force-dynamic";

export const GET = getIntegrationCatalogHandler;
