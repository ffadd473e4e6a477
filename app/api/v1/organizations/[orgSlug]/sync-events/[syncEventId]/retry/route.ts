import { retrySyncEventHandler } from "@/lib/http/handlers/group-sync-history";

export const dynamic = "force-dynamic";

export const POST = retrySyncEventHandler;
