import { z } from "zod";
import { parseWith } from "@/lib/errors";
import { AppError, badRequest } from "@/lib/errors";
import { positiveIntegerSetting } from "@/lib/server/positive-integer-setting";

export const MAX_EVENTS_PER_BATCH = 1000;
export const LEVELS = ["fatal", "error", "warning", "info", "debug"] as const;
// Events from clients with a skewed clock are fine; a day ahead means a broken clock or a forged time.
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_FINGERPRINT_PART = "{{ default }}";

const text = (max: number) => z.string().trim().min(1).max(max);

const tagsSchema = z
  .record(z.string().min(1).max(32).regex(/^[a-zA-Z0-9_.:-]+$/, "Tag keys may use letters, digits and _ . : -"), z.string().max(200))
  .refine((tags) => Object.keys(tags).length <= 50, "At most 50 tags");

const frameSchema = z.strictObject({
  filename: z.string().max(512).optional(),
  function: z.string().max(256).optional(),
  lineno: z.number().int().nonnegative().optional(),
  colno: z.number().int().nonnegative().optional(),
  inApp: z.boolean().optional(),
});

const userSchema = z
  .strictObject({
    id: z.string().min(1).max(128).optional(),
    email: z.string().max(254).optional(),
    username: z.string().min(1).max(128).optional(),
    ipAddress: z.string().max(64).optional(),
  })
  .refine((user) => Object.values(user).some((value) => value !== undefined), "User needs at least one of id, email, username, ipAddress");

// ISO-8601 string or Unix epoch seconds (what most SDKs send).
const timestampSchema = z
  .union([z.iso.datetime({ offset: true }), z.number().finite().nonnegative()])
  .transform((value) => (typeof value === "number" ? new Date(value * 1000) : new Date(value)))
  .superRefine((date, ctx) => {
    if (Number.isNaN(date.getTime())) ctx.addIssue({ code: "custom", message: "Timestamp is out of range" });
    else if (date.getTime() > Date.now() + MAX_FUTURE_MS) ctx.addIssue({ code: "custom", message: "Timestamp is more than a day in the future" });
  });

export const eventInputSchema = z
  .strictObject({
    eventId: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, "Expected 32 hexadecimal characters")
      .transform((id) => id.toLowerCase())
      .optional(),
    title: text(1024).optional(),
    message: text(8192).optional(),
    culprit: text(512).optional(),
    level: z.enum(LEVELS).default("error"),
    exception: z.strictObject({ type: text(256), value: z.string().max(4096).optional() }).optional(),
    stacktrace: z.strictObject({ frames: z.array(frameSchema).max(250) }).optional(),
    tags: tagsSchema.optional(),
    user: userSchema.optional(),
    release: text(250).regex(/^[^\n\r\t/\\]+$/, "Release may not contain slashes or line breaks").optional(),
    environment: text(64).optional(),
    timestamp: timestampSchema.optional(),
    fingerprint: z.array(z.string().min(1).max(256)).min(1).max(20).optional(),
  })
  .refine((event) => event.title !== undefined || event.message !== undefined || event.exception !== undefined, {
    message: "An event needs a title, a message or an exception",
    path: ["message"],
  });

export type EventInput = z.infer<typeof eventInputSchema>;

const batchSchema = z.strictObject({ events: z.array(eventInputSchema).min(1).max(MAX_EVENTS_PER_BATCH) });
const arraySchema = z.array(eventInputSchema).min(1).max(MAX_EVENTS_PER_BATCH);

// PostgreSQL text and jsonb cannot hold NUL characters or unpaired UTF-16 surrogates.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unstorablePath(value: unknown, path: string[]): string[] | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return [...path, key];
    const found = unstorablePath(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Accepts one event, `{ "events": [...] }` or a bare array. The shape is picked before validating
 * so field errors name the real path (`events.3.level`, `3.level` or `level`).
 */
export function parseEventPayload(body: unknown): EventInput[] {
  if (Array.isArray(body)) return storable(parseWith(arraySchema, body, "Invalid events"), []);
  if (typeof body !== "object" || body === null) throw badRequest("Expected an event object, { \"events\": [...] } or an array of events");
  if ("events" in body) return storable(parseWith(batchSchema, body, "Invalid events").events, ["events"]);
  const event = parseWith(eventInputSchema, body, "Invalid event");
  return storable([event], null);
}

/** Checked after validation, so only the bounded shape of an event is walked. */
function storable(events: EventInput[], prefix: string[] | null): EventInput[] {
  events.forEach((event, index) => {
    const path = unstorablePath(event, prefix ? [...prefix, String(index)] : []);
    if (path) {
      throw new AppError(400, "validation_failed", "Invalid events", {
        fields: { [path.join(".") || "_"]: ["Text may not contain NUL characters or unpaired surrogates"] },
      });
    }
  });
  return events;
}

/** Largest accepted request body: 1 MiB, or TETHER_MAX_EVENT_BODY_BYTES when set to a positive integer. */
export function maxEventBodyBytes(env: Record<string, string | undefined> = process.env): number {
  return positiveIntegerSetting(env.TETHER_MAX_EVENT_BODY_BYTES, 1024 * 1024);
}
