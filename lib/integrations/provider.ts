import type { Db } from "@/lib/db/client";
import type { GroupStatus, GroupSubstatus, IntegrationProvider, Prisma } from "@/lib/generated/prisma/client";
import { createProviderRegistry, type ProviderRegistry } from "./provider-capabilities";

/** The provider asks to be called again no sooner than `seconds` from now (HTTP 429/503 Retry-After). */
export class RetryAfterError extends Error {
  constructor(
    readonly seconds: number,
    message = `Provider asked to retry after ${seconds}s`,
  ) {
    super(message);
    this.name = "RetryAfterError";
  }
}

/** A failure retrying cannot fix (revoked credentials, a refused permission): recorded as failed at once. */
export class PermanentSyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentSyncError";
  }
}

/** Everything an outbound sync needs, read when the job runs so a late job sends the current state. */
export interface OutboundSyncContext {
  db: Db;
  organizationId: string;
  integration: { id: string; provider: IntegrationProvider; externalId: string; metadata: Prisma.JsonValue; secrets: string | null };
  /** The organization's settings for this integration (sync_forward_assignment, …). */
  config: Record<string, unknown>;
  externalIssue: { id: string; key: string };
  group: { id: string; projectId: string; status: GroupStatus; substatus: GroupSubstatus | null };
  /** The group's assignee now; null when unassigned. Team assignees are never pushed. */
  assignee: { userId: string; email: string; verifiedEmails: string[] } | null;
  /** 1 for the first attempt. */
  attempt: number;
}

export type OutboundSyncResult = { outcome: "applied"; detail?: string } | { outcome: "skipped"; reason: string };

/**
 * What an issue tracker implements to receive Tether's changes. Throw RetryAfterError to be called
 * again later, PermanentSyncError to give up, anything else to be retried with backoff.
 */
export interface IssueSyncProvider {
  syncAssigneeOutbound(ctx: OutboundSyncContext): Promise<OutboundSyncResult>;
  syncStatusOutbound(ctx: OutboundSyncContext): Promise<OutboundSyncResult>;
}

/**
 * Tests build a registry of issue-sync capabilities only (a fake tracker under a provider's name);
 * the queue looks the capability up in it like in the process's registry (lib/integrations/providers.ts).
 */
export function createIssueSyncProviderRegistry(entries: Partial<Record<IntegrationProvider, IssueSyncProvider>> = {}): ProviderRegistry {
  return createProviderRegistry(Object.entries(entries).map(([name, issueSync]) => ({ name: name as IntegrationProvider, issueSync })));
}
