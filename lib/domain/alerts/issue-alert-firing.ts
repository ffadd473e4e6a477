import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PendingChange } from "@/lib/domain/group-actions/group-change";

// Issue alerts (behaviour.md §10): a new group or a regression fires every enabled issue rule of
// the project whose triggers include it. Each firing is one outbox row of the `discord-alert`
// job, written in the ingestion's own transaction, so a stored event never loses its alert and a
// rolled-back one never sends one.

/** The job definition that sends issue alerts (lib/jobs/definitions/discord-alert.ts), as written on its outbox rows. */
export const DISCORD_ALERT_JOB = "discord-alert";

export type IssueAlertTrigger = "new_group" | "regression";

/** One firing of one rule for one group; the message itself is built when the job runs (current group state). */
export const issueAlertPayloadSchema = z.object({
  organizationId: z.string().min(1),
  projectId: z.string().min(1),
  ruleId: z.string().min(1),
  groupId: z.string().min(1),
  /** The event that fired it (Event.eventId within the group): its tags, level and environment. */
  eventId: z.string().min(1),
  trigger: z.enum(["new_group", "regression"]),
  integrationId: z.string().min(1),
  channelId: z.string().regex(/^\d{1,20}$/),
  /**
   * The firing's outbox row id, kept in the payload because a rate-limited job continues as a new
   * job without its row: firings collapsed into one message are counted by it, and it is the
   * message's notification_uuid.
   */
  firingId: z.string().min(1),
});
export type IssueAlertPayload = z.infer<typeof issueAlertPayloadSchema>;

export interface IssueAlertFiring {
  groupId: string;
  eventId: string;
  trigger: IssueAlertTrigger;
}

interface FiredRow {
  id: string;
  payload: IssueAlertPayload;
}

/**
 * Buffers, in the change's transaction, one INSERT … SELECT that finds the project's matching
 * rules and writes an outbox row per (rule, firing). It rides in the change's write batch, so an
 * ingestion costs no extra round trip for alerts, with or without rules. Rules whose Discord
 * server was removed from the organization (or disabled) fire nothing.
 */
export function requestIssueAlerts(pending: Pick<PendingChange, "writes" | "outbound">, input: { projectId: string; firings: readonly IssueAlertFiring[]; at?: Date }): void {
  if (input.firings.length === 0) return;
  const firings = Prisma.join(input.firings.map((firing) => Prisma.sql`(${firing.groupId}::text, ${firing.eventId}::text, ${firing.trigger}::text)`));
  const at = input.at ?? new Date();
  pending.writes.addReturning<FiredRow>(
    Prisma.sql`
      INSERT INTO "SyncEvent" (id, "organizationId", "integrationId", provider, direction, kind, outcome, "groupId", "externalKey", reason, attempt, job, payload, "createdAt")
      SELECT x.id, x."organizationId", x."integrationId", 'discord', 'outbound', 'notification', 'pending', x."groupId", x."channelId",
             CASE x.trigger WHEN 'new_group' THEN 'alert: new issue' ELSE 'alert: regression' END, 0, ${DISCORD_ALERT_JOB},
             jsonb_build_object('organizationId', x."organizationId", 'projectId', x."projectId", 'ruleId', x."ruleId", 'groupId', x."groupId",
                                'eventId', x."eventId", 'trigger', x.trigger, 'integrationId', x."integrationId", 'channelId', x."channelId", 'firingId', x.id),
             ${at}
        FROM (
          SELECT gen_random_uuid()::text AS id, r."organizationId", r."projectId", r.id AS "ruleId", f."groupId", f."eventId", f.trigger,
                 i.id AS "integrationId", r.config -> 'discord' ->> 'channelId' AS "channelId"
            FROM "AlertRule" r
            JOIN "Integration" i ON i.id = r.config -> 'discord' ->> 'integrationId' AND i.provider = 'discord' AND i.status = 'active'
            JOIN "OrganizationIntegration" oi ON oi."integrationId" = i.id AND oi."organizationId" = r."organizationId" AND oi.status = 'active'
            CROSS JOIN (VALUES ${firings}) AS f("groupId", "eventId", trigger)
           WHERE r."projectId" = ${input.projectId} AND r.kind = 'issue' AND r.enabled
             AND (r.config -> 'discord' ->> 'channelId') ~ '^[0-9]{1,20}$'
             AND (NOT (r.config ? 'triggers') OR (r.config -> 'triggers') ? f.trigger)
        ) x
      RETURNING id, payload`,
    (rows) => {
      for (const row of rows) pending.outbound.push({ syncEventId: row.id, job: DISCORD_ALERT_JOB, payload: row.payload });
    },
  );
}
