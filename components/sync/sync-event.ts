import type { BadgeTone } from "@/components/ui/badge";

export type SyncOutcomeName = "applied" | "skipped" | "failed" | "retrying" | "pending";

/** A sync-history row as the API returns it. */
export interface SyncEventView {
  id: string;
  provider: string;
  direction: "inbound" | "outbound";
  kind: string;
  outcome: SyncOutcomeName;
  reason: string | null;
  error: string | null;
  attempt: number;
  externalKey: string | null;
  durationMs: number | null;
  deliveryId?: string | null;
  job?: string | null;
  createdAt: string;
  group?: { id: string; title: string; shortId?: string } | null;
  /** Discord rows: the channel and who acted (the Discord user and their linked Tether user). */
  discord?: { channelId: string | null; discordUserId: string | null; userEmail: string | null };
}

/** One row in full, as the detail drawer shows it (GET …/sync-events/{id}). */
export interface SyncEventDetail extends SyncEventView {
  jobId: string | null;
  integration: { id: string; name: string } | null;
  payload: { json: unknown; fields: { name: string; value: string }[]; hidden: string[] };
}

export const OUTCOME_TONE: Record<SyncOutcomeName, BadgeTone> = {
  applied: "success",
  skipped: "neutral",
  failed: "danger",
  retrying: "warning",
  pending: "info",
};

/** Badge classes by outcome, for lists that do not use the Badge primitive. */
export const OUTCOME_STYLE: Record<SyncOutcomeName, string> = {
  applied: "bg-success-soft text-success",
  skipped: "bg-surface-muted text-fg-muted",
  failed: "bg-danger-soft text-danger",
  retrying: "bg-warning-soft text-warning",
  pending: "bg-info-soft text-info",
};

/** Rows still moving: the page polls faster while one is on screen. */
export function isUnsettled(row: Pick<SyncEventView, "outcome">): boolean {
  return row.outcome === "pending" || row.outcome === "retrying";
}

/** A failed outbound row whose job ran out of attempts (the runner's "gave up after N attempts"). */
export function isDeadLetter(row: Pick<SyncEventView, "outcome" | "reason">): boolean {
  return row.outcome === "failed" && (row.reason?.startsWith("gave up after") ?? false);
}

export const PROVIDER_LABEL: Record<string, string> = { jira: "Jira", discord: "Discord" };

/** "to jira · assignee · APP-1 · attempt 2"; "from discord · interaction · channel 123 · by jane@example.com" */
export function describeSyncEvent(row: SyncEventView): string {
  const where = row.discord ? discordPlace(row.discord) : row.externalKey ? ` · ${row.externalKey}` : "";
  return `${row.direction === "inbound" ? "from" : "to"} ${row.provider} · ${row.kind.replaceAll("_", " ")}${where}${row.attempt > 1 ? ` · attempt ${row.attempt}` : ""}`;
}

function discordPlace(discord: NonNullable<SyncEventView["discord"]>): string {
  const channel = discord.channelId ? ` · channel ${discord.channelId}` : "";
  const who = discord.userEmail ? ` · by ${discord.userEmail}` : discord.discordUserId ? ` · by Discord user ${discord.discordUserId} (not linked)` : "";
  return channel + who;
}
