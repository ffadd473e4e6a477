import { Prisma, type IntegrationProvider } from "@/lib/generated/prisma/client";
import type { ChangeSource } from "@/lib/domain/group-actions/change-context";
import type { WriteBatch } from "@/lib/db/write-batch";
import { dispatchOutbox, type OutboxRequest } from "./outbox";

export type OutboundSyncKind = "assignee" | "status";

/** Which organization-integration config key enables each outbound kind (missing key = off). */
export const OUTBOUND_CONFIG_KEY: Record<OutboundSyncKind, string> = {
  assignee: "sync_forward_assignment",
  status: "sync_status_forward",
};

/** The job definition of issue sync (lib/jobs/definitions/issue-sync.ts), as written on its outbox rows. */
export const ISSUE_SYNC_JOB = "issue-sync";

/** An issue-sync outbox row to dispatch: the row's id and the job's payload, flat. */
export interface OutboundSyncRequest {
  syncEventId: string;
  groupId: string;
  kind: OutboundSyncKind;
  externalIssueId: string;
  integrationId: string;
  organizationId: string;
  provider: IntegrationProvider;
}

/**
 * The outbox: buffered in the change's transaction, writes one `pending` SyncEvent per linked
 * external issue whose integration wants this kind pushed (one INSERT … SELECT, sent with the
 * change's other writes). The queue turns the rows into jobs after commit (and on start, for any a
 * crash left behind), so a committed change never loses its sync. A change that came from an
 * integration is never sent back to that same integration.
 */
export function requestOutboundSync(
  pending: { writes: WriteBatch; outbound: (OutboundSyncRequest | OutboxRequest)[] },
  input: { organizationId: string; groupId: string; kind: OutboundSyncKind; source: ChangeSource; reason?: string },
): void {
  const key = OUTBOUND_CONFIG_KEY[input.kind];
  const source = JSON.stringify(input.source);
  // Only integrations whose config turns the kind on (as configEnables: exactly JSON true).
  pending.writes.addReturning<OutboundRow>(
    Prisma.sql`
      INSERT INTO "SyncEvent" (id, "organizationId", "integrationId", provider, direction, kind, outcome, "groupId", "externalKey", reason, attempt, job, payload, "createdAt")
      SELECT gen_random_uuid()::text, ${input.organizationId}, ei."integrationId", i.provider, 'outbound', ${input.kind}::"SyncKind", 'pending',
             ${input.groupId}, ei.key, ${input.reason ?? "queued"}, 0, ${ISSUE_SYNC_JOB},
             jsonb_build_object('externalIssueId', ei.id, 'source', ${source}::jsonb), ${new Date()}
        FROM "GroupLink" gl
        JOIN "ExternalIssue" ei ON ei.id = gl."externalIssueId" AND ei."organizationId" = ${input.organizationId}
        JOIN "Integration" i ON i.id = ei."integrationId" AND i.status = 'active'
        JOIN "OrganizationIntegration" oi
          ON oi."organizationId" = ${input.organizationId} AND oi."integrationId" = ei."integrationId" AND oi.status = 'active'
       WHERE gl."groupId" = ${input.groupId}
         AND (oi.config -> ${key}) = 'true'::jsonb
         AND ei."integrationId" IS DISTINCT FROM ${input.source.integrationId ?? null}
      RETURNING id, "integrationId", provider::text AS provider, payload ->> 'externalIssueId' AS "externalIssueId"`,
    (rows) => {
      for (const row of rows) {
        pending.outbound.push({
          syncEventId: row.id,
          organizationId: input.organizationId,
          groupId: input.groupId,
          kind: input.kind,
          externalIssueId: row.externalIssueId,
          integrationId: row.integrationId,
          provider: row.provider,
        });
      }
    },
  );
}

interface OutboundRow {
  id: string;
  integrationId: string;
  provider: IntegrationProvider;
  externalIssueId: string;
}

/** An issue-sync request as the outbox dispatcher takes it (the payload is the request without the row id). */
export function issueSyncOutboxRequest(request: OutboundSyncRequest): OutboxRequest {
  const { syncEventId, ...payload } = request;
  return { syncEventId, job: ISSUE_SYNC_JOB, payload };
}

/** Hands committed outbox rows to the queue (issue-sync requests and any other job's rows alike). */
export async function dispatchOutboundSync(requests: readonly (OutboundSyncRequest | OutboxRequest)[]): Promise<void> {
  await dispatchOutbox(requests.map((request) => ("job" in request ? request : issueSyncOutboxRequest(request))));
}
