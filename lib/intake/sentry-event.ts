import type { Prisma } from "@/lib/generated/prisma/client";
import { badRequest } from "@/lib/errors";
import { LEVELS } from "@/lib/domain/events/schema";
import type { IngestEventInput } from "@/lib/domain/events/prepare-event";

// The contract between the SDK endpoints and ingestion: a Sentry event payload (what `@sentry/*`
// SDKs put in an `event` envelope item or POST to /store/) in, Tether's ingest input out.
// First cut: the main fields; the full mapping and Sentry's grouping build on it.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown, max: number): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : undefined;

function lastException(event: Json): Json | undefined {
  const exception = event.exception;
  const values = isObject(exception) ? exception.values : Array.isArray(exception) ? exception : undefined;
  if (!Array.isArray(values)) return undefined;
  const last: unknown = values[values.length - 1];
  return isObject(last) ? last : undefined;
}

function messageOf(event: Json): string | undefined {
  const message = event.message ?? event.logentry;
  if (typeof message === "string") return str(message, 8192);
  if (isObject(message)) return str(message.formatted, 8192) ?? str(message.message, 8192);
  return undefined;
}

/** Reads one Sentry event; 400 when the payload is not an event object. */
export function normalizeSentryEvent(payload: unknown): IngestEventInput {
  if (!isObject(payload)) throw badRequest("An event must be a JSON object");
  const exception = lastException(payload);
  const type = exception ? (str(exception.type, 256) ?? "Error") : undefined;
  const message = messageOf(payload);
  const level = typeof payload.level === "string" && (LEVELS as readonly string[]).includes(payload.level) ? (payload.level as IngestEventInput["level"]) : "error";
  const eventId = typeof payload.event_id === "string" && /^[0-9a-fA-F]{32}$/.test(payload.event_id.replaceAll("-", "")) ? payload.event_id.replaceAll("-", "").toLowerCase() : undefined;
  return {
    eventId,
    level,
    message,
    exception: type ? { type, value: str(exception?.value, 4096) } : undefined,
    title: type || message ? undefined : "<unlabeled event>",
    release: str(payload.release, 250),
    environment: str(payload.environment, 64),
    platform: str(payload.platform, 64),
    transaction: str(payload.transaction, 512),
    payload: payload as Prisma.InputJsonValue,
  };
}
