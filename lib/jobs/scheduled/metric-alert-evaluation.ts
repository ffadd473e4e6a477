import type { Db } from "@/lib/db/client";
import { evaluateMetricAlerts } from "@/lib/domain/alerts/evaluate-metric-alerts";
import type { ScheduledJob } from "./scheduled-job";

export const METRIC_ALERT_EVALUATION_JOB = "metric-alert-evaluation";

/**
 * Evaluates the metric alert rules every minute (the shortest window is one minute). pg-boss files
 * one job per tick across instances; were two evaluations ever to overlap (a slow run, a retried
 * job), each rule's transition is still made and announced once (evaluateMetricAlerts).
 */
export function metricAlertEvaluationJob(db: Db): ScheduledJob {
  return {
    name: METRIC_ALERT_EVALUATION_JOB,
    cron: "* * * * *",
    run: async () => ({ ...(await evaluateMetricAlerts(db)) }),
  };
}
