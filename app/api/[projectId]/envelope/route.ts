import { ingestEnvelope } from "@/lib/intake/ingest-envelope";
import { sdkIntakeRoute, sdkPreflight } from "@/lib/intake/sdk-route";

export const dynamic = "force-dynamic";

/** POST /api/<id>/envelope/ — what Sentry SDKs send events (and everything else) to. */
export const POST = sdkIntakeRoute(({ db, ...input }) => ingestEnvelope(db, input));

export const OPTIONS = sdkPreflight;
