import { getOwnershipRulesHandler, saveOwnershipRulesHandler } from "@/lib/http/handlers/ownership";

export const dynamic = "force-dynamic";

export const GET = getOwnershipRulesHandler;
export const PUT = saveOwnershipRulesHandler;
