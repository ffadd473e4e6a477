/** A sync-history row as the API returns it. */
export interface SyncEventView {
  id: string;
  provider: string;
  direction: "inbound" | "outbound";
  kind: string;
  outcome: "applied" | "skipped" | "failed" | "retrying" | "pending";
  reason: string | null;
  error: string | null;
  attempt: number;
  externalKey: string | null;
  durationMs: number | null;
  createdAt: string;
  group?: { id: string; title: string } | null;
  /** Discord rows: the channel and who acted (the Discord user and their linked Tether user). */
  discord?: { channelId: string | null; discordUserId: string | null; userEmail: string | null };
}

export const OUTCOME_STYLE: Record<SyncEventView["outcome"], string> = {
  applied: "bg-emerald-50 text-emerald-700",
  skipped: "bg-slate-100 text-slate-600",
  failed: "bg-red-50 text-red-700",
  retrying: "bg-amber-50 text-amber-700",
  pending: "bg-sky-50 text-sky-700",
};

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
