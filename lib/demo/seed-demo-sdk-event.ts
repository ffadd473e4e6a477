import { SDK_EVENT_FIXTURES, type SdkEventFixtureName } from "@/lib/domain/events/fixtures";
import type { Prisma } from "@/lib/generated/prisma/client";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Moves a Sentry timestamp (seconds or RFC 3339) by `shift` milliseconds, keeping its form. */
function shifted(value: unknown, shift: number): unknown {
  if (typeof value === "number") return Math.round((value * 1000 + shift) * 1000) / 1_000_000;
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(Date.parse(value) + shift).toISOString();
  return value;
}

function timestampMs(value: unknown): number {
  return typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : Date.now();
}

/**
 * What an SDK of the kind would have sent for a demo group's latest event: one of the SDK fixtures
 * with the group's exception on the raised error and its culprit on the innermost in-app frame,
 * moved to the event's time, so the demo's event page shows breadcrumbs, request and contexts.
 */
export function demoSdkPayload(
  kind: SdkEventFixtureName,
  event: { eventId: string; timestamp: Date; type: string; value: string | null; file: string; fn: string; release: string; environment: string },
): { payload: Prisma.InputJsonValue; platform: string; transaction: string | null } {
  const payload = structuredClone(SDK_EVENT_FIXTURES[kind]) as Json;
  const shift = event.timestamp.getTime() - timestampMs(payload.timestamp);
  payload.event_id = event.eventId;
  payload.timestamp = shifted(payload.timestamp, shift);
  payload.release = event.release;
  payload.environment = event.environment;
  const values = isObject(payload.exception) && Array.isArray(payload.exception.values) ? payload.exception.values : [];
  const raised: unknown = values.at(-1);
  if (isObject(raised)) {
    raised.type = event.type;
    // The fixture's module names the fixture's own error class, not the demo's.
    delete raised.module;
    raised.value = event.value ?? "";
    const frames = isObject(raised.stacktrace) && Array.isArray(raised.stacktrace.frames) ? raised.stacktrace.frames : [];
    const top: unknown = [...frames].reverse().find((f) => isObject(f) && f.in_app === true);
    if (isObject(top)) Object.assign(top, { filename: event.file, abs_path: event.file, function: event.fn });
  }
  const crumbs = isObject(payload.breadcrumbs) ? payload.breadcrumbs.values : payload.breadcrumbs;
  if (Array.isArray(crumbs)) for (const crumb of crumbs) if (isObject(crumb)) crumb.timestamp = shifted(crumb.timestamp, shift);
  return {
    payload: payload as Prisma.InputJsonValue,
    platform: typeof payload.platform === "string" ? payload.platform : kind,
    transaction: typeof payload.transaction === "string" ? payload.transaction : null,
  };
}
