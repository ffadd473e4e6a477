// No server imports: the dashboard's Retry buttons ask the same question as the retry itself.

/** Outbound kinds the queue can send again (a failed link or unlink is not re-sent). */
export type RetryableSyncKind = "assignee" | "status";

/** Whether a sync-history row is a failed outbound sync that "Retry" can queue again. */
export function isRetryableSync<K extends string>(row: { direction: string; outcome: string; kind: K }): row is { direction: string; outcome: string; kind: K & RetryableSyncKind } {
  return row.direction === "outbound" && row.outcome === "failed" && (row.kind === "assignee" || row.kind === "status");
}
