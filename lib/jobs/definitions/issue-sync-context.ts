import type { Db } from "@/lib/db/client";
import { z } from "zod";
import { IntegrationProvider } from "@/lib/generated/prisma/enums";
import type { OutboundSyncContext } from "@/lib/integrations/provider";
import { configEnables } from "@/lib/domain/integrations/config-enables";
import { OUTBOUND_CONFIG_KEY } from "@/lib/domain/sync-history/request-outbound-sync";

/** The issue-sync job's payload: which change of which group to push to which linked issue. */
export const issueSyncPayloadSchema = z.object({
  organizationId: z.string().min(1),
  groupId: z.string().min(1),
  kind: z.enum(["assignee", "status"]),
  externalIssueId: z.string().min(1),
  integrationId: z.string().min(1),
  provider: z.enum(IntegrationProvider),
});
export type IssueSyncPayload = z.infer<typeof issueSyncPayloadSchema>;

export type LoadedContext =
  | { ok: true; ctx: Omit<OutboundSyncContext, "attempt" | "db">; externalKey: string }
  | { ok: false; reason: string; externalKey: string | null };

/**
 * Reads the group's state as it is now, and re-checks that the sync is still wanted: a link
 * removed, an integration disabled or a setting turned off since the change skips the job.
 */
export async function loadIssueSyncContext(db: Db, job: IssueSyncPayload): Promise<LoadedContext> {
  const externalIssue = await db.externalIssue.findFirst({
    where: { id: job.externalIssueId, organizationId: job.organizationId },
    include: { integration: true },
  });
  if (!externalIssue) return { ok: false, reason: "external issue no longer exists", externalKey: null };
  const { integration } = externalIssue;
  const skip = (reason: string): LoadedContext => ({ ok: false, reason, externalKey: externalIssue.key });
  if (integration.status !== "active") return skip("integration is not active");
  const install = await db.organizationIntegration.findUnique({
    where: { organizationId_integrationId: { organizationId: job.organizationId, integrationId: integration.id } },
  });
  const config = install?.config && typeof install.config === "object" && !Array.isArray(install.config) ? (install.config as Record<string, unknown>) : {};
  if (!install || install.status !== "active") return skip("integration is not installed on the organization");
  const configKey = OUTBOUND_CONFIG_KEY[job.kind];
  if (!configEnables(install.config, configKey)) return skip(`${configKey} is off`);
  const link = await db.groupLink.findUnique({ where: { groupId_externalIssueId: { groupId: job.groupId, externalIssueId: externalIssue.id } } });
  if (!link) return skip("group is no longer linked to the issue");
  const group = await db.group.findUnique({
    where: { id: job.groupId },
    select: { id: true, projectId: true, status: true, substatus: true, assignee: { select: { userId: true, user: { select: { email: true, emails: true } } } } },
  });
  if (!group) return skip("group no longer exists");
  if (job.kind === "status" && group.status === "ignored") return skip("archived groups are not synced");
  if (job.kind === "assignee" && group.assignee && !group.assignee.userId) return skip("team assignments are not pushed");
  const user = group.assignee?.user;
  return {
    ok: true,
    externalKey: externalIssue.key,
    ctx: {
      organizationId: job.organizationId,
      integration: { id: integration.id, provider: integration.provider, externalId: integration.externalId, metadata: integration.metadata, secrets: integration.secrets },
      config,
      externalIssue: { id: externalIssue.id, key: externalIssue.key },
      group: { id: group.id, projectId: group.projectId, status: group.status, substatus: group.substatus },
      assignee:
        group.assignee?.userId && user
          ? { userId: group.assignee.userId, email: user.email, verifiedEmails: user.emails.filter((e) => e.isVerified).map((e) => e.email) }
          : null,
    },
  };
}
