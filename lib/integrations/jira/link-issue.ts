import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { AppError, badRequest } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { logger } from "@/lib/logger";
import { addIssueComment, getIssue } from "./rest-resources";
import { groupUrl, loadJiraGroupContext, type JiraGroupContext } from "./group-context";
import { jiraClientFor, jiraIssueUrl } from "./installed-site";
import { JiraApiError } from "./signed-rest-client";

export interface LinkedExternalIssue {
  id: string;
  key: string;
  url: string;
  integrationId: string;
  displayName: string;
}


const issueKeySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9_]*-\d+$/, "Enter a Jira issue key like APP-123");

/**
 * Links the group to the Jira issue `key` (creating or refreshing the ExternalIssue), with the
 * Activity and the sync-history row in the same transaction. A second link of the same issue is refused.
 */
export async function recordIssueLink(
  db: Db,
  ctx: JiraGroupContext,
  input: {
    key: string;
    title: string | null;
    description: string | null;
    isNew: boolean;
    userId: string | null;
    /** More writes that must commit with the link, or not at all. */
    alsoInTransaction?: (tx: Prisma.TransactionClient, linked: LinkedExternalIssue) => Promise<void>;
  },
): Promise<LinkedExternalIssue> {
  const integrationId = ctx.installation.integration.id;
  const url = jiraIssueUrl(ctx.installation, input.key);
  try {
    return await db.$transaction(async (tx) => {
      const external = await tx.externalIssue.upsert({
        where: { organizationId_integrationId_key: { organizationId: ctx.organization.id, integrationId, key: input.key } },
        create: { organizationId: ctx.organization.id, integrationId, key: input.key, title: input.title, description: input.description, webUrl: url },
        update: { title: input.title, description: input.description, webUrl: url },
      });
      await tx.groupLink.create({ data: { groupId: ctx.group.id, externalIssueId: external.id, relationship: "references" } });
      await tx.activity.create({
        data: {
          groupId: ctx.group.id,
          type: "create_issue",
          userId: input.userId,
          data: { title: input.title ?? input.key, provider: "Jira", location: url, label: input.key, new: input.isNew, integrationId },
        },
      });
      await recordSyncEvent(tx, {
        organizationId: ctx.organization.id,
        integrationId,
        provider: "jira",
        direction: "outbound",
        kind: input.isNew ? "create_issue" : "link",
        outcome: "applied",
        groupId: ctx.group.id,
        externalKey: input.key,
        reason: input.isNew ? "created in Jira and linked" : "linked an existing Jira issue",
      });
      const linked = { id: external.id, key: input.key, url, integrationId, displayName: "" };
      await input.alsoInTransaction?.(tx, linked);
      return linked;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(400, "already_linked", "That issue is already linked", { detail: "That issue is already linked" });
    }
    throw error;
  }
}

/** Links an existing Jira issue: it must exist on the site; [R] optionally comments a link back. */
export async function linkJiraIssueToGroup(
  db: Db,
  input: { organizationId: string; groupId: string; integrationId: string; userId: string | null; externalIssue: string; comment?: boolean },
): Promise<LinkedExternalIssue> {
  const ctx = await loadJiraGroupContext(db, input);
  const parsedKey = issueKeySchema.safeParse(input.externalIssue);
  if (!parsedKey.success) throw new AppError(400, "validation_failed", "Enter a Jira issue key like APP-123", { fields: { externalIssue: ["Enter a Jira issue key like APP-123"] } });
  const key = parsedKey.data;
  const client = jiraClientFor(ctx.installation, { timeoutMs: 10_000 });
  let issue;
  try {
    issue = await getIssue(client, key);
  } catch (error) {
    if (error instanceof JiraApiError && error.status === 404) throw badRequest(`Jira has no issue ${key}, or the Tether app cannot see it`);
    if (error instanceof JiraApiError) throw badRequest(error.message);
    throw error;
  }
  const linked = await recordIssueLink(db, ctx, {
    key: issue.key,
    title: issue.fields.summary ?? null,
    description: typeof issue.fields.description === "string" ? issue.fields.description : null,
    isNew: false,
    userId: input.userId,
  });
  if (input.comment ?? ctx.config.link_back_comment) {
    try {
      await addIssueComment(client, issue.key, `Linked to Tether group [${ctx.group.title}|${groupUrl(ctx)}?referrer=jira_integration].`);
    } catch (error) {
      // The link stands; the missing comment is visible in the sync history.
      logger.warn({ err: error, key: issue.key }, "could not add the back-link comment in Jira");
      await db.syncEvent.create({
        data: {
          organizationId: ctx.organization.id,
          integrationId: ctx.installation.integration.id,
          provider: "jira",
          direction: "outbound",
          kind: "link",
          outcome: "failed",
          groupId: ctx.group.id,
          externalKey: issue.key,
          error: `Could not add the back-link comment: ${error instanceof Error ? error.message : String(error)}`,
        },
      });
    }
  }
  return linked;
}
