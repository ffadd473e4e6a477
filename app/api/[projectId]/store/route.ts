import { ingestStoreEvent } from "@/lib/intake/ingest-store-event";
import { sdkIntakeRoute, sdkPreflight } from "@/lib/intake/sdk-route";

export const dynamic = "force-dynamic";

/** POST /api/<id>/store/ — the single-event endpoint of older Sentry SDKs. */
export const POST = sdkIntakeRoute(({ db, ...input }) => ingestStoreEvent(db, input));

export const OPTIONS = sdkPreflight;
