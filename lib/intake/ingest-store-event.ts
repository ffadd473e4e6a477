import type { Db } from "@/lib/db/client";
import { maxEventBodyBytes } from "@/lib/domain/events/schema";
import { decodeBody, type BodySource } from "./decode-body";

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/**
 * Old SDKs (raven-*) post the event as base64 of its zlib-deflated JSON; relay still takes it.
 * Anything not starting with "{" that is base64 is read that way, with the same bound.
 */
async function decodeLegacyBody(body: Buffer, maxBytes: number): Promise<Buffer> {
  const start = body.subarray(0, 64).toString("latin1").trimStart();
  if (start === "" || start.startsWith("{") || !BASE64.test(start)) return body;
  const text = body.toString("latin1");
  if (!BASE64.test(text)) return body;
  return decodeBody(Buffer.from(text, "base64"), "deflate", { maxBytes });
}
import { requestSentryAuth } from "./sentry-auth";
import { authenticateSdkKey, ingestSdkEvents, parseIngestId, readSdkEventPayload } from "./sdk-intake";

export interface StoreRequest {
  /** The project id segment of `/api/<id>/store/`. */
  projectId: string;
  url: URL;
  request: Request;
  body: BodySource;
}

/**
 * POST /api/<id>/store/, the endpoint older SDKs post one event to: the body is the event's JSON
 * (compressed or not), the key in X-Sentry-Auth or the query. Answers the stored event's id.
 */
export async function ingestStoreEvent(db: Db, input: StoreRequest): Promise<{ id: string }> {
  const ingestId = parseIngestId(input.projectId);
  const key = await authenticateSdkKey(db, ingestId, requestSentryAuth(input.request, input.url)?.publicKey);
  const limit = maxEventBodyBytes();
  const body = await decodeLegacyBody(await decodeBody(input.body, input.request.headers.get("content-encoding"), { maxBytes: limit }), limit);
  const payload = readSdkEventPayload(body.toString("utf8"), "event");
  const result = await ingestSdkEvents(db, key, [payload], body.byteLength);
  const id = result?.groups[0]?.eventId;
  // ingestEvents answers one entry per event sent.
  if (!id) throw new Error("ingestEvents answered no event for a store request");
  return { id };
}
