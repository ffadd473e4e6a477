/**
 * The in-process group-event bus: for caches of this instance only (see the note above its
 * subscribers). Durable outbound work never goes through it; it goes through the outbox.
 */
import { logger } from "@/lib/logger";
import type { ChangeSource } from "@/lib/domain/group-actions/change-context";

export interface GroupEventBase {
  organizationId: string;
  projectId: string;
  groupId: string;
  /** The acting user, null for system changes. */
  actorUserId: string | null;
  source: ChangeSource;
  occurredAt: Date;
}

export type GroupEvent =
  | (GroupEventBase & { type: "assigned"; assignee: { type: "user" | "team"; id: string } })
  | (GroupEventBase & { type: "unassigned" })
  | (GroupEventBase & { type: "resolved"; resolution: "now" | "in_release" | "in_next_release"; releaseVersion: string | null })
  | (GroupEventBase & { type: "unresolved" })
  | (GroupEventBase & { type: "archived"; substatus: string; statusDetails: Record<string, unknown> })
  | (GroupEventBase & { type: "regressed" });

export type GroupEventType = GroupEvent["type"];
export type GroupEventSubscriber = (event: GroupEvent) => void | Promise<void>;

// In-process only, and only for caches of this instance (today: the ownership assignee cache).
// Events are lost when the process dies and never reach other instances, so nothing that must be
// delivered goes through here: outbound work (issue sync, channel notifications, interaction
// follow-ups) is an outbox row written in the change's transaction and sent by a job definition
// (lib/jobs/definitions, lib/domain/sync-history/outbox.ts).
const holder = globalThis as unknown as { __tetherGroupEventSubscribers?: Set<GroupEventSubscriber> };
const subscribers = (holder.__tetherGroupEventSubscribers ??= new Set());

/** Subscribes to every group event; returns the unsubscribe function. */
export function subscribeGroupEvents(subscriber: GroupEventSubscriber): () => void {
  subscribers.add(subscriber);
  return () => unsubscribeGroupEvents(subscriber);
}

export function unsubscribeGroupEvents(subscriber: GroupEventSubscriber): void {
  subscribers.delete(subscriber);
}

/**
 * Delivers events to every subscriber. Call it only after the change committed. A failing
 * subscriber is logged and never fails the action that already happened.
 */
export async function publishGroupEvents(events: readonly GroupEvent[]): Promise<void> {
  for (const event of events) {
    for (const subscriber of [...subscribers]) {
      try {
        await subscriber(event);
      } catch (err) {
        logger.error({ err, eventType: event.type, groupId: event.groupId }, "group event subscriber failed");
      }
    }
  }
}
