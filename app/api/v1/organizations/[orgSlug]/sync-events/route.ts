import { organizationSyncEventsHandler } from "@/lib/http/handlers/group-sync-history";

export const dynamic = "force-dynamic";

export const GET = organizationSyncEventsHandler;
