import type { Db } from "@/lib/db/client";
import { SDK_EVENT_FIXTURES } from "@/lib/domain/events/fixtures";
import { prepareEvent } from "@/lib/domain/events/prepare-event";
import { rebuildGroupAggregates } from "@/lib/domain/groups/rebuild-group-aggregates";
import { normalizeSentryEvent } from "@/lib/intake/sentry-event";

// The group e2e/group-event-sdk.spec.ts opens by its fixed id: one event as @sentry/browser sends
// it (the browser fixture, an unhandled rejection with its cause), read by the SDK normalizer, so
// its page shows the exception chain, source context, breadcrumbs, request and contexts.

export const E2E_SDK_EVENT_GROUP_ID = "e2e-sdk-event";

export async function addE2eSdkEventGroup(db: Db, input: { organizationSlug: string }): Promise<void> {
  const organization = await db.organization.findUniqueOrThrow({ where: { slug: input.organizationSlug } });
  const project = await db.project.findFirstOrThrow({ where: { organizationId: organization.id, slug: "web" } });
  // Two days old, so the lists' "most recent first" pages (which other specs act on) do not lead with it.
  const now = new Date(Date.now() - 2 * 86_400_000);
  const prepared = prepareEvent(normalizeSentryEvent(SDK_EVENT_FIXTURES.browser), now);
  const timestamp = now;
  const { nextShortId } = await db.project.update({ where: { id: project.id }, data: { nextShortId: { increment: 1 } } });
  const release = prepared.release
    ? await db.release.upsert({ where: { projectId_version: { projectId: project.id, version: prepared.release } }, create: { projectId: project.id, version: prepared.release }, update: {} })
    : null;
  await db.group.create({
    data: {
      id: E2E_SDK_EVENT_GROUP_ID,
      projectId: project.id,
      shortId: nextShortId - 1,
      fingerprint: E2E_SDK_EVENT_GROUP_ID,
      title: prepared.title,
      culprit: prepared.transaction ?? prepared.culprit,
      level: prepared.level,
      firstSeen: timestamp,
      lastSeen: timestamp,
      timesSeen: 1,
    },
  });
  await db.event.create({
    data: {
      groupId: E2E_SDK_EVENT_GROUP_ID,
      projectId: project.id,
      eventId: prepared.eventId,
      timestamp,
      level: prepared.level,
      title: prepared.title,
      message: prepared.message,
      culprit: prepared.culprit,
      exceptionType: prepared.exceptionType,
      exceptionValue: prepared.exceptionValue,
      frames: prepared.frames,
      tags: prepared.tags,
      userTag: prepared.userTag,
      userData: prepared.userData,
      releaseId: release?.id ?? null,
      environment: prepared.environment,
      platform: prepared.platform,
      transaction: prepared.transaction,
      payload: prepared.payload,
    },
  });
  await rebuildGroupAggregates(db, [E2E_SDK_EVENT_GROUP_ID]);
}
