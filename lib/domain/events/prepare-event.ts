import { randomUUID } from "node:crypto";
import type { Level, Prisma } from "@/lib/generated/prisma/client";
import { computeFingerprint } from "./fingerprint";
import type { EventInput } from "./schema";

/** An accepted event with everything grouping and storage need worked out. */
export interface PreparedEvent {
  eventId: string;
  fingerprint: string;
  timestamp: Date;
  level: Level;
  title: string;
  message: string | null;
  culprit: string | null;
  exceptionType: string | null;
  exceptionValue: string | null;
  frames: Prisma.InputJsonValue | undefined;
  tags: Prisma.InputJsonValue | undefined;
  userTag: string | null;
  userData: Prisma.InputJsonValue | undefined;
  release: string | null;
  environment: string | null;
  platform: string | null;
  transaction: string | null;
  payload: Prisma.InputJsonValue | undefined;
}

/**
 * What ingestion takes: an event of the JSON API, or one a Sentry SDK sent (normalized by
 * lib/intake/sentry-event.ts), which brings its platform, transaction, bounded payload and its
 * own default grouping.
 */
export interface IngestEventInput extends EventInput {
  platform?: string;
  transaction?: string;
  /** The SDK's event as sent, already bounded. */
  payload?: Prisma.InputJsonValue;
  /** Replaces defaultFingerprintParts: the parts an event groups by when it names no fingerprint (`{{ default }}` stands for them). */
  groupingParts?: string[];
}

const MAX_TITLE = 500;

const truncate = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

type Frame = NonNullable<EventInput["stacktrace"]>["frames"][number];

/** Where it happened: the innermost in-app frame (frames run oldest first), else the innermost frame. */
export function culpritFromFrames(frames: readonly Frame[] | undefined): string | null {
  if (!frames?.length) return null;
  const frame = [...frames].reverse().find((f) => f.inApp) ?? frames[frames.length - 1];
  if (frame.filename && frame.function) return `${frame.filename} in ${frame.function}`;
  return frame.function ?? frame.filename ?? null;
}

export function eventTitle(event: Pick<EventInput, "title" | "message" | "exception">): string {
  if (event.title) return truncate(event.title, MAX_TITLE);
  if (event.exception) {
    const value = event.exception.value?.trim();
    return truncate(value ? `${event.exception.type}: ${value}` : event.exception.type, MAX_TITLE);
  }
  return truncate((event.message ?? "").replace(/\s+/g, " "), MAX_TITLE);
}

/** The user tag alerts count distinct users by, in Sentry's `kind:value` form. */
function userTag(user: EventInput["user"]): string | null {
  if (!user) return null;
  if (user.id) return `id:${user.id}`;
  if (user.email) return `email:${user.email}`;
  if (user.username) return `username:${user.username}`;
  return user.ipAddress ? `ip:${user.ipAddress}` : null;
}

export function prepareEvent(event: IngestEventInput, receivedAt: Date): PreparedEvent {
  const culprit = event.culprit ?? culpritFromFrames(event.stacktrace?.frames);
  return {
    eventId: event.eventId ?? randomUUID().replaceAll("-", ""),
    fingerprint: computeFingerprint({
      exceptionType: event.exception?.type,
      culprit,
      message: event.message,
      title: event.title,
      fingerprint: event.fingerprint,
      defaultParts: event.groupingParts,
    }),
    timestamp: event.timestamp ?? receivedAt,
    level: event.level,
    title: eventTitle(event),
    message: event.message ?? null,
    culprit,
    exceptionType: event.exception?.type ?? null,
    exceptionValue: event.exception?.value ?? null,
    frames: event.stacktrace?.frames,
    tags: event.tags,
    userTag: userTag(event.user),
    userData: event.user,
    release: event.release ?? null,
    environment: event.environment ?? null,
    platform: event.platform ?? null,
    transaction: event.transaction ?? null,
    payload: event.payload,
  };
}
