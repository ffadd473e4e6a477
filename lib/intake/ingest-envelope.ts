import type { Db } from "@/lib/db/client";
import { AppError, forbidden } from "@/lib/errors";
import { maxEventBodyBytes } from "@/lib/domain/events/schema";
import { logger } from "@/lib/logger";
import { positiveIntegerSetting } from "@/lib/server/positive-integer-setting";
import { decodeBody, type BodySource } from "./decode-body";
import { parseEnvelope, type EnvelopeItem } from "./envelope";
import { parseDsn, requestSentryAuth } from "./sentry-auth";
import { assertEventSize, authenticateSdkKey, ingestSdkEvents, parseIngestId, readSdkEventPayload } from "./sdk-intake";

/** Largest envelope, after decompression: 4 MiB, or TETHER_MAX_ENVELOPE_BYTES when set to a positive integer. */
export function maxEnvelopeBytes(env: Record<string, string | undefined> = process.env): number {
  return positiveIntegerSetting(env.TETHER_MAX_ENVELOPE_BYTES, 4 * 1024 * 1024);
}

/**
 * Items one envelope may carry. SDKs send one event per envelope (the envelope format allows one);
 * 100 leaves room for hand-made batches, while a body of thousands of tiny items — one huge
 * transaction, or seconds of parsing — is refused whole before anything is normalized.
 */
export const ENVELOPE_LIMITS = { maxItems: 1000, maxEventItems: 100 } as const;

export interface EnvelopeRequest {
  /** The project id segment of `/api/<id>/envelope/`. */
  projectId: string;
  url: URL;
  request: Request;
  body: BodySource;
}

/** What the SDK is answered: `{ id }` of the envelope's event, or `{}` when it carried none. */
export type EnvelopeAnswer = { id: string } | Record<string, never>;

/**
 * POST /api/<id>/envelope/: authenticates the key (header, query, or the envelope header's dsn),
 * stores the envelope's event items as one batch and drops every other item type (transactions,
 * sessions, client reports, attachments, logs, …) — Tether tracks errors only. All or nothing: a
 * refused request writes no event.
 */
export async function ingestEnvelope(db: Db, input: EnvelopeRequest): Promise<EnvelopeAnswer> {
  const ingestId = parseIngestId(input.projectId);
  const requestAuth = requestSentryAuth(input.request, input.url);
  // A key in the header or query is checked before the body is read; only an envelope carrying
  // its key in its dsn has to be read first.
  const keyBeforeBody = requestAuth ? await authenticateSdkKey(db, ingestId, requestAuth.publicKey) : null;
  const envelope = parseEnvelope(await decodeBody(input.body, input.request.headers.get("content-encoding"), { maxBytes: maxEnvelopeBytes() }), ENVELOPE_LIMITS);

  const dsn = envelope.headers.dsn === undefined ? null : parseDsn(envelope.headers.dsn);
  if (dsn && dsn.ingestId !== null && dsn.ingestId !== ingestId) throw forbidden("The envelope's dsn names another project");
  if (dsn && requestAuth && dsn.publicKey !== requestAuth.publicKey) {
    throw new AppError(400, "malformed_envelope", "The envelope's dsn names another key than the request's authentication");
  }
  const key = keyBeforeBody ?? (await authenticateSdkKey(db, ingestId, dsn?.publicKey));

  const limit = maxEventBodyBytes();
  const payloads: Record<string, unknown>[] = [];
  let payloadBytes = 0;
  const dropped: Record<string, number> = {};
  envelope.items.forEach((item, index) => {
    if (!isErrorEvent(item)) {
      dropped[item.headers.type] = (dropped[item.headers.type] ?? 0) + 1;
      return;
    }
    assertEventSize(item.payload.byteLength, limit);
    payloads.push(readSdkEventPayload(item.payload.toString("utf8"), `event item ${index}`));
    payloadBytes += item.payload.byteLength;
  });
  if (Object.keys(dropped).length > 0) logger.debug({ projectId: key.projectId, dropped }, "envelope items dropped");

  const result = await ingestSdkEvents(db, key, payloads, payloadBytes);
  // The header's id is echoed only when it is one (SDKs send 32 hex digits, some with dashes).
  const headerId = envelope.headers.event_id?.replaceAll("-", "").toLowerCase();
  const id = (headerId && /^[0-9a-f]{32}$/.test(headerId) ? headerId : undefined) ?? result?.groups[0]?.eventId;
  return id ? { id } : {};
}

/**
 * Error events are what Tether groups. `transaction` items are performance data, and `security` /
 * `raw_security` (CSP and similar browser reports) are not errors an app raised: dropped like the rest.
 */
const isErrorEvent = (item: EnvelopeItem): boolean => item.headers.type === "event";
