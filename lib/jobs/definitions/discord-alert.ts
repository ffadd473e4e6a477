import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { issueAlertConfigSchema } from "@/lib/domain/alerts/alert-rule-config";
import { DISCORD_ALERT_JOB, issueAlertPayloadSchema, type IssueAlertPayload } from "@/lib/domain/alerts/issue-alert-firing";
import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";
import { issueAlertMessage } from "@/lib/integrations/discord/issue-alert-message";
import { channelRateLimitWait } from "@/lib/integrations/discord/send-channel-message";
import { RetryAfterError } from "@/lib/integrations/provider";
import { defineJob } from "../job-definition";

/**
 * Sends one issue alert to its rule's Discord channel (behaviour.md §10), built from the group as
 * it is when the job runs. Firings of one rule for one group wait as one job (the singleton key);
 * while the channel is rate-limited the job waits in the queue instead of a worker, so every
 * firing meanwhile is folded into the one message it finally sends, which says how many fired.
 */
export const discordAlertJob = defineJob<IssueAlertPayload>({
  name: DISCORD_ALERT_JOB,
  payload: issueAlertPayloadSchema,
  // Rate-limit waits re-schedule the job and count as attempts, hence more than issue sync's.
  retry: { attempts: 8, delaySeconds: 5, delayMaxSeconds: 600, expireInSeconds: 60 },
  singletonKey: (payload) => `${payload.ruleId}:${payload.groupId}`,
  // One message per rule and group at a time: a second job never sends while the first waits out a 429.
  policy: "stately",
  history: (payload) => ({
    organizationId: payload.organizationId,
    integrationId: payload.integrationId,
    provider: "discord",
    kind: "notification",
    groupId: payload.groupId,
    externalKey: payload.channelId,
  }),
  async handler(payload, ctx) {
    ctx.setExternalKey(payload.channelId);
    const collapsedInto = await collapsedIntoOther(ctx.db, payload);
    if (collapsedInto) return { outcome: "skipped", reason: `collapsed into the alert message of firing ${collapsedInto}` };

    const rule = await ctx.db.alertRule.findFirst({ where: { id: payload.ruleId, organizationId: payload.organizationId }, select: { id: true, name: true, enabled: true, config: true } });
    if (!rule) return { outcome: "skipped", reason: "the alert rule was deleted" };
    if (!rule.enabled) return { outcome: "skipped", reason: "the alert rule is disabled" };
    const group = await ctx.db.group.findFirst({
      where: { id: payload.groupId, project: { organizationId: payload.organizationId } },
      select: {
        id: true, shortId: true, title: true, status: true, lastSeen: true,
        project: { select: { slug: true, organization: { select: { slug: true } }, releases: { select: { id: true }, take: 1 } } },
      },
    });
    if (!group) return { outcome: "skipped", reason: "the issue was deleted" };
    const notifications = ctx.providers.get("discord")?.notifications;
    if (!notifications) return { outcome: "skipped", reason: "no notifications for discord" };

    // While Discord holds the channel back, wait in the queue (where repeats collapse into this
    // job) rather than in a worker.
    const wait = channelRateLimitWait(payload.channelId);
    if (wait > 0) throw new RetryAfterError(Math.ceil(wait / 1000), `Discord rate limit on channel ${payload.channelId}: waiting ${Math.ceil(wait / 1000)}s, repeats are collapsed`);

    const event = await ctx.db.event.findUnique({
      where: { groupId_eventId: { groupId: group.id, eventId: payload.eventId } },
      select: { title: true, exceptionType: true, exceptionValue: true, level: true, tags: true, environment: true, timestamp: true },
    });
    const collapsed = await claimCollapsedFirings(ctx.db, payload);
    const config = issueAlertConfigSchema.safeParse(rule.config);
    const message = issueAlertMessage({
      group,
      project: { slug: group.project.slug, hasReleases: group.project.releases.length > 0 },
      organization: group.project.organization,
      event: event ? { ...event, tags: stringTags(event.tags) } : null,
      rule: { id: rule.id, name: rule.name },
      baseUrl: tetherPublicBaseUrl(),
      notificationUuid: payload.firingId,
      tags: config.success ? config.data.discord.tags : [],
      collapsed,
    });
    const sent = await notifications.send(ctx.db, { organizationId: payload.organizationId, integrationId: payload.integrationId, channelId: payload.channelId, message: { ...message } });
    const folded = collapsed > 0 ? `, with ${collapsed} collapsed firing${collapsed === 1 ? "" : "s"}` : "";
    return { outcome: "applied", detail: `message ${sent.externalId ?? "sent"}${folded}` };
  },
});

/** The firing (of the same rule and group) whose message this one was folded into, if any. */
async function collapsedIntoOther(db: Db, payload: IssueAlertPayload): Promise<string | null> {
  const [row] = await db.$queryRaw<{ firing: string }[]>(Prisma.sql`
    SELECT payload ->> 'collapsedInto' AS firing FROM "SyncEvent"
     WHERE "groupId" = ${payload.groupId} AND ${isAlertRow(Prisma.raw('"SyncEvent"'))} AND payload ->> 'firingId' = ${payload.firingId}
       AND payload ? 'collapsedInto' AND payload ->> 'collapsedInto' <> ${payload.firingId}
     LIMIT 1`);
  return row?.firing ?? null;
}

/**
 * Folds into this firing every other firing of the rule for the group that no message carried yet
 * (coalesced while this job waited, or whose own job is still waiting) and returns how many. The
 * mark is kept on their rows, so a retry of this job counts them again and their own jobs, if
 * they run, skip.
 */
async function claimCollapsedFirings(db: Db, payload: IssueAlertPayload): Promise<number> {
  const rows = await db.$queryRaw<{ firing: string }[]>(Prisma.sql`
    WITH candidates AS (
      SELECT DISTINCT s.payload ->> 'firingId' AS firing
        FROM "SyncEvent" s
       WHERE s."groupId" = ${payload.groupId} AND ${isAlertRow(Prisma.raw("s"))} AND s.payload ->> 'ruleId' = ${payload.ruleId}
         AND s.payload ->> 'firingId' <> ${payload.firingId}
         AND NOT EXISTS (
           SELECT 1 FROM "SyncEvent" d
            WHERE d."groupId" = ${payload.groupId} AND ${isAlertRow(Prisma.raw("d"))} AND d.payload ->> 'firingId' = s.payload ->> 'firingId'
              AND (d.outcome IN ('applied', 'failed') OR (d.payload ? 'collapsedInto' AND d.payload ->> 'collapsedInto' <> ${payload.firingId})))
    )
    UPDATE "SyncEvent" u SET payload = u.payload || jsonb_build_object('collapsedInto', ${payload.firingId}::text)
     WHERE u."groupId" = ${payload.groupId} AND ${isAlertRow(Prisma.raw("u"))} AND u.payload ->> 'firingId' IN (SELECT firing FROM candidates)
    RETURNING u.payload ->> 'firingId' AS firing`);
  return new Set(rows.map((row) => row.firing)).size;
}

/**
 * The rows of issue-alert firings: the outbox row names the job, the attempt rows after it do not
 * (the runner writes them from history()), so they are known by their kind and payload.
 */
function isAlertRow(table: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${table}.provider = 'discord' AND ${table}.kind = 'notification' AND ${table}.payload ? 'firingId'`;
}

function stringTags(tags: unknown): Record<string, string> {
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) return {};
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
