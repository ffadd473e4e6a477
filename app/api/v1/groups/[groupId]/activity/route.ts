import { groupActivityHandler } from "@/lib/http/handlers/group-sync-history";

export const dynamic = "force-dynamic";

export const GET = groupActivityHandler;
