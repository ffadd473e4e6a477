import type { Db } from "@/lib/db/client";
import { CHECKOUT_FRAMES, createEventWithFrames } from "@/lib/testing/group-fixtures";

// The group e2e/group-page.spec.ts opens by its fixed id: events spread over the last two weeks
// (so both chart periods have bars) whose latest carries a full stack trace, and Jira and Discord
// rows in its sync history. Added before the server starts, like the e2e Discord server.

export const E2E_GROUP_PAGE_ID = "e2e-group-page";

const HOUR = 3_600_000;

export async function addE2eGroupPageGroup(db: Db, input: { organizationSlug: string }): Promise<void> {
  const organization = await db.organization.findUniqueOrThrow({ where: { slug: input.organizationSlug } });
  const project = await db.project.findFirstOrThrow({ where: { organizationId: organization.id }, orderBy: { slug: "asc" } });
  const now = Date.now();
  // Hours ago: six in the last day, the rest over the two weeks before.
  const ages = [0.2, 1.5, 2.5, 2.7, 7, 20, 30, 55, 56, 80, 130, 200, 250, 270, 290];
  const { nextShortId } = await db.project.update({ where: { id: project.id }, data: { nextShortId: { increment: 1 } } });
  const group = await db.group.create({
    data: {
      id: E2E_GROUP_PAGE_ID,
      projectId: project.id,
      shortId: nextShortId - 1,
      fingerprint: "e2e-group-page",
      title: "TypeError: Cannot read properties of undefined (reading 'amount')",
      culprit: "totalPrice(src/cart/price.ts)",
      level: "error",
      firstSeen: new Date(now - Math.max(...ages) * HOUR),
      lastSeen: new Date(now - Math.min(...ages) * HOUR),
      timesSeen: ages.length,
    },
  });
  for (const [i, age] of ages.entries()) {
    await createEventWithFrames(db, group.id, {
      timestamp: new Date(now - age * HOUR),
      release: i < 6 ? "web@2.4.1" : "web@2.4.0",
      // The second newest has only in-app frames and another value, to tell events apart.
      ...(i === 1 ? { exceptionValue: "Cannot read properties of undefined (reading 'currency')", frames: CHECKOUT_FRAMES.filter((f) => f.inApp) } : {}),
      userTag: `id:u_${i % 4}`,
      userData: { id: `u_${i % 4}`, email: `shopper${i % 4}@example.com` },
    });
  }
  const integration = await db.integration.findFirst({ where: { provider: "jira", organizationIntegrations: { some: { organizationId: organization.id } } } });
  const row = (data: { provider: "jira" | "discord"; direction: "inbound" | "outbound"; kind: "assignee" | "status" | "notification"; outcome: "applied" | "skipped" | "failed"; ageMinutes: number; externalKey?: string; reason?: string; error?: string }) =>
    db.syncEvent.create({
      data: {
        organizationId: organization.id,
        integrationId: data.provider === "jira" ? (integration?.id ?? null) : null,
        groupId: group.id,
        provider: data.provider,
        direction: data.direction,
        kind: data.kind,
        outcome: data.outcome,
        externalKey: data.externalKey ?? null,
        reason: data.reason ?? null,
        error: data.error ?? null,
        createdAt: new Date(now - data.ageMinutes * 60_000),
      },
    });
  await row({ provider: "discord", direction: "outbound", kind: "notification", outcome: "applied", ageMinutes: 300 });
  await row({ provider: "jira", direction: "outbound", kind: "assignee", outcome: "applied", externalKey: "APP-7", ageMinutes: 120 });
  await row({ provider: "jira", direction: "inbound", kind: "status", outcome: "skipped", externalKey: "APP-7", reason: "The status already matches", ageMinutes: 60 });
}
