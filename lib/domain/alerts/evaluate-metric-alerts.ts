import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { dispatchOutbox, enqueueOutboxJob, type OutboxRequest } from "@/lib/domain/sync-history/outbox";
import type { IncidentStatus, Prisma } from "@/lib/generated/prisma/client";
import { discordMetricAlertJob, type DiscordMetricAlertPayload } from "@/lib/jobs/definitions/discord-metric-alert";
import { logger } from "@/lib/logger";
import { metricAlertConfigSchema, type MetricAlertConfig } from "./alert-rule-config";

// Metric alerts (behaviour.md §10, issue 11 item 5): every minute, each enabled metric rule counts
// its project's events over its window and compares the count with its thresholds. An incident
// opens when a threshold is crossed, escalates and de-escalates as the count moves, and resolves
// when the count drops below both; each of those transitions sends one Discord message.

export type MetricAlertLevel = "clear" | "warning" | "critical";

/** Critical at or above the critical threshold, warning at or above the warning one, else clear. */
export function metricAlertLevel(value: number, config: Pick<MetricAlertConfig, "warningThreshold" | "criticalThreshold">): MetricAlertLevel {
  if (value >= config.criticalThreshold) return "critical";
  if (config.warningThreshold !== null && value >= config.warningThreshold) return "warning";
  return "clear";
}

/**
 * Events the project received in the `windowMinutes` before `now`: (now − window, now]. Received,
 * not occurred: the server's clock decides, so an SDK with a wrong clock or a batch sent late
 * neither hides events from the window nor counts them twice. Counted from the index
 * (projectId, receivedAt) alone (an index-only scan once the table is vacuumed).
 */
export async function countProjectEvents(db: Db | Prisma.TransactionClient, input: { projectId: string; windowMinutes: number; now: Date }): Promise<number> {
  const from = new Date(input.now.getTime() - input.windowMinutes * 60_000).toISOString();
  const to = input.now.toISOString();
  // Compared as `timestamp` (how Prisma stores DateTime, in UTC), so the index applies.
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Event"
    WHERE "projectId" = ${input.projectId}
      AND "receivedAt" > (${from}::timestamptz AT TIME ZONE 'UTC')
      AND "receivedAt" <= (${to}::timestamptz AT TIME ZONE 'UTC')`;
  return rows[0]?.count ?? 0;
}

/** What one evaluation did to a rule. */
export type MetricAlertTransition = "opened" | "escalated" | "deescalated" | "resolved" | "unchanged" | "none";

/** Incident states that are still open. "open" is the schema's state before a threshold is known; Tether opens straight at warning or critical. */
const OPEN_STATUSES: IncidentStatus[] = ["open", "warning", "critical"];

export interface MetricAlertEvaluation {
  rules: number;
  opened: number;
  escalated: number;
  deescalated: number;
  resolved: number;
  unchanged: number;
  /** Rules whose stored config is not a metric alert's (logged, left alone). */
  invalid: number;
}

/**
 * Evaluates every enabled metric rule at `now`. Safe to run on several instances at once and to
 * run again (a retried job): each rule's transition and its outbox row are written in one
 * transaction holding the rule's row lock, and the open incident is read after the lock, so a
 * second evaluation of the same state finds the transition already made and sends nothing.
 */
export async function evaluateMetricAlerts(db: Db, input: { now?: Date } = {}): Promise<MetricAlertEvaluation> {
  const now = input.now ?? new Date();
  const rules = await db.alertRule.findMany({
    where: { kind: "metric", enabled: true, projectId: { not: null } },
    select: { id: true, config: true },
    orderBy: { createdAt: "asc" },
  });
  const summary: MetricAlertEvaluation = { rules: rules.length, opened: 0, escalated: 0, deescalated: 0, resolved: 0, unchanged: 0, invalid: 0 };
  for (const rule of rules) {
    const config = metricAlertConfigSchema.safeParse(rule.config);
    if (!config.success) {
      summary.invalid += 1;
      logger.warn({ alertRuleId: rule.id, issues: config.error.issues.map((issue) => issue.message) }, "metric alert rule with an invalid config skipped");
      continue;
    }
    try {
      const transition = await evaluateMetricAlertRule(db, { alertRuleId: rule.id, now });
      if (transition !== "none") summary[transition] += 1;
    } catch (err) {
      // One rule's failure (e.g. its rule deleted meanwhile) must not keep the others from being evaluated.
      logger.error({ err, alertRuleId: rule.id }, "metric alert rule could not be evaluated");
    }
  }
  return summary;
}

/**
 * Evaluates one metric rule at `now`: counts its project's events over its window, then, under the
 * rule's row lock, opens, escalates, de-escalates or resolves its incident and queues the message
 * of that transition in the same transaction. Returns what it did ("none": no incident and
 * nothing crossed, or the rule is gone, disabled or not a metric rule).
 */
export async function evaluateMetricAlertRule(db: Db, input: { alertRuleId: string; now: Date }): Promise<MetricAlertTransition> {
  const { now } = input;
  const outcome = await db.$transaction(async (tx) => {
    // The lock serializes evaluations of one rule across instances; the count is made under it
    // so two evaluations at the same moment see the same state and agree.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "AlertRule" WHERE "id" = ${input.alertRuleId} FOR UPDATE`;
    if (locked.length === 0) return { transition: "none" as const, outbox: [] };
    const rule = await tx.alertRule.findUniqueOrThrow({
      where: { id: input.alertRuleId },
      select: { id: true, name: true, kind: true, enabled: true, projectId: true, config: true, organization: { select: { id: true, slug: true } } },
    });
    const parsed = metricAlertConfigSchema.safeParse(rule.config);
    if (rule.kind !== "metric" || !rule.enabled || !rule.projectId || !parsed.success) return { transition: "none" as const, outbox: [] };
    const config = parsed.data;

    const value = await countProjectEvents(tx, { projectId: rule.projectId, windowMinutes: config.windowMinutes, now });
    const level = metricAlertLevel(value, config);
    const open = await tx.incident.findFirst({
      where: { alertRuleId: rule.id, status: { in: OPEN_STATUSES }, dateClosed: null },
      orderBy: { identifier: "desc" },
    });

    let transition: MetricAlertTransition;
    let incident: { identifier: number; dateStarted: Date };
    if (!open) {
      if (level === "clear") return { transition: "none" as const, outbox: [] };
      const last = await tx.incident.aggregate({ where: { alertRuleId: rule.id }, _max: { identifier: true } });
      incident = await tx.incident.create({
        data: { alertRuleId: rule.id, identifier: (last._max.identifier ?? 0) + 1, status: level, dateStarted: now, value },
        select: { identifier: true, dateStarted: true },
      });
      transition = "opened";
    } else if (level === "clear") {
      incident = await tx.incident.update({ where: { id: open.id }, data: { status: "resolved", dateClosed: now, value }, select: { identifier: true, dateStarted: true } });
      transition = "resolved";
    } else if (level !== open.status) {
      incident = await tx.incident.update({ where: { id: open.id }, data: { status: level, value }, select: { identifier: true, dateStarted: true } });
      transition = level === "critical" ? "escalated" : "deescalated";
    } else {
      // Unchanged: keep the latest value for the details page; nothing to tell.
      await tx.incident.update({ where: { id: open.id }, data: { value } });
      return { transition: "unchanged" as const, outbox: [] };
    }

    const installed = await tx.organizationIntegration.findFirst({
      where: { organizationId: rule.organization.id, integrationId: config.discord.integrationId },
      select: { integrationId: true },
    });
    const payload: DiscordMetricAlertPayload = {
      organizationId: rule.organization.id,
      organizationSlug: rule.organization.slug,
      // The history row's integration must exist; a removed one is named in the skip reason instead.
      integrationId: installed?.integrationId ?? null,
      guildId: config.discord.guildId,
      channelId: config.discord.channelId,
      alertRuleId: rule.id,
      ruleName: rule.name,
      incidentIdentifier: incident.identifier,
      status: level === "clear" ? "resolved" : level,
      value,
      windowMinutes: config.windowMinutes,
      dateStarted: incident.dateStarted.toISOString(),
      notificationUuid: randomUUID(),
    };
    const request = await enqueueOutboxJob(tx, discordMetricAlertJob, payload, { reason: `metric alert ${transition}: ${payload.status}` });
    return { transition, outbox: [request] as OutboxRequest[] };
  });
  await dispatchOutbox(outcome.outbox);
  return outcome.transition;
}
