import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseUntrustedJson } from "@/lib/text/parse-untrusted-json";

/** The envelope's first line; SDKs add keys (sdk, trace) that Tether carries along unread. */
export const envelopeHeadersSchema = z
  .object({
    dsn: z.string().optional(),
    event_id: z.string().optional(),
    sent_at: z.string().optional(),
  })
  .passthrough();

export const itemHeadersSchema = z
  .object({
    type: z.string().min(1),
    length: z.number().int().nonnegative().optional(),
  })
  .passthrough();

export type EnvelopeHeaders = z.infer<typeof envelopeHeadersSchema>;
export type ItemHeaders = z.infer<typeof itemHeadersSchema>;

export interface EnvelopeItem {
  headers: ItemHeaders;
  payload: Buffer;
}

export interface Envelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItem[];
}

const NEWLINE = 0x0a;

const malformed = (message: string, details?: unknown) => new AppError(400, "malformed_envelope", message, details);

export interface EnvelopeLimits {
  /** Most items of any type one envelope may carry. */
  maxItems?: number;
  /** Most `event` items one envelope may carry (SDKs send one). */
  maxEventItems?: number;
}

/** As relay answers an envelope over a count limit (max_session_count): 413, the whole envelope dropped. */
const tooManyItems = (what: string, limit: number) =>
  new AppError(413, "too_many_items", `The envelope carries more than ${limit} ${what}`);

/**
 * Splits a Sentry envelope (https://develop.sentry.dev/sdk/data-model/envelopes/): a header line,
 * then items of a header line and a payload. A payload with `length` is exactly that many bytes
 * (it may itself contain newlines); without `length` it runs to the next newline. As in Sentry's
 * relay, a newline must follow each payload except the envelope's last, where it is optional.
 * Payloads stay bytes: attachments are binary, and only event items are read. Over a limit of
 * `limits` the envelope is refused with 413 as soon as the parse reaches the item past it.
 */
export function parseEnvelope(body: Buffer, limits: EnvelopeLimits = {}): Envelope {
  const maxItems = limits.maxItems ?? Infinity;
  const maxEventItems = limits.maxEventItems ?? Infinity;
  let eventItems = 0;
  const headerEnd = lineEnd(body, 0);
  const headers = parseHeaderLine(body.subarray(0, headerEnd), envelopeHeadersSchema, "envelope header");
  const items: EnvelopeItem[] = [];
  let offset = headerEnd + 1;
  while (offset < body.byteLength) {
    const index = items.length;
    const itemHeaderEnd = lineEnd(body, offset);
    if (itemHeaderEnd === offset) {
      // One trailing newline ends the envelope; an empty line anywhere else is not a header.
      if (itemHeaderEnd === body.byteLength - 1) break;
      throw malformed(`Item ${index}: empty line where an item header was expected`);
    }
    // Counted while splitting, so a body of many tiny items is refused before any is read further.
    if (index >= maxItems) throw tooManyItems("items", maxItems);
    const itemHeaders = parseHeaderLine(body.subarray(offset, itemHeaderEnd), itemHeadersSchema, `item ${index} header`);
    if (itemHeaders.type === "event" && ++eventItems > maxEventItems) throw tooManyItems("event items", maxEventItems);
    const payloadStart = Math.min(itemHeaderEnd + 1, body.byteLength);
    let payload: Buffer;
    if (itemHeaders.length !== undefined) {
      const payloadEnd = payloadStart + itemHeaders.length;
      if (payloadEnd > body.byteLength) {
        throw malformed(
          `Item ${index}: length ${itemHeaders.length} goes beyond the body (${body.byteLength - payloadStart} bytes left)`,
        );
      }
      payload = body.subarray(payloadStart, payloadEnd);
      if (payloadEnd < body.byteLength && body[payloadEnd] !== NEWLINE) {
        throw malformed(`Item ${index}: payload of length ${itemHeaders.length} is not followed by a newline`);
      }
      offset = payloadEnd + 1;
    } else {
      const payloadEnd = lineEnd(body, payloadStart);
      payload = body.subarray(payloadStart, payloadEnd);
      offset = payloadEnd + 1;
    }
    items.push({ headers: itemHeaders, payload });
  }
  return { headers, items };
}

/** The index of the newline ending the line at `start`, or the body's length for a last line without one. */
function lineEnd(body: Buffer, start: number): number {
  const found = body.indexOf(NEWLINE, start);
  return found === -1 ? body.byteLength : found;
}

function parseHeaderLine<S extends z.ZodType>(line: Buffer, schema: S, what: string): z.infer<S> {
  let value: unknown;
  try {
    value = parseUntrustedJson(line.toString("utf8"));
  } catch {
    throw malformed(`The ${what} is not valid JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw malformed(`The ${what} is not a JSON object`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.map(String).join(".") || "_");
    throw malformed(`The ${what} is invalid (${fields.join(", ")})`, { issues: parsed.error.issues.map((issue) => issue.message) });
  }
  return parsed.data;
}

/** An item's payload as the JSON object an event item carries; parsed only when a caller reads it. */
export function readEventPayload(item: EnvelopeItem): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseUntrustedJson(item.payload.toString("utf8"));
  } catch {
    throw malformed(`The ${item.headers.type} item's payload is not valid JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw malformed(`The ${item.headers.type} item's payload is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Whether an item is one Tether turns into an event (the rest are accepted and dropped). */
export const isEventItem = (item: EnvelopeItem): boolean => item.headers.type === "event";
