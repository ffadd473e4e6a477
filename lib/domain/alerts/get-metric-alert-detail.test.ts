import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { getMetricAlertDetail } from "./get-metric-alert-detail";

describe("the metric alert details a Discord message links to", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(() => database?.close());

  it("shows the rule's window, thresholds and channel with its incidents newest first, and nothing of another organization's rule or of an issue rule", async () => {
    const db = database.prisma;
    const ours = await createOrganizationWithProject(db, { members: 0 });
    const theirs = await createOrganizationWithProject(db, { members: 0 });
    const discord = { integrationId: "integration", guildId: "1", channelId: "2", tags: [] };
    const rule = await db.alertRule.create({
      data: { organizationId: ours.organization.id, projectId: ours.project.id, kind: "metric", name: "Spike", config: { windowMinutes: 10, warningThreshold: 5, criticalThreshold: 10, discord } },
    });
    await db.incident.create({ data: { alertRuleId: rule.id, identifier: 1, status: "resolved", value: 0, dateStarted: new Date("2026-11-01T00:00:00Z"), dateClosed: new Date("2026-11-01T00:10:00Z") } });
    await db.incident.create({ data: { alertRuleId: rule.id, identifier: 2, status: "critical", value: 12, dateStarted: new Date("2026-11-02T00:00:00Z") } });
    const issueRule = await db.alertRule.create({ data: { organizationId: ours.organization.id, projectId: ours.project.id, kind: "issue", name: "New", config: {} } });

    const detail = await getMetricAlertDetail(db, { organizationId: ours.organization.id, alertRuleId: rule.id });
    expect(detail).toMatchObject({
      name: "Spike",
      enabled: true,
      project: { slug: "backend" },
      config: { windowMinutes: 10, warningThreshold: 5, criticalThreshold: 10, guildId: "1", channelId: "2" },
    });
    expect(detail?.incidents.map((incident) => [incident.identifier, incident.status, incident.value])).toEqual([
      [2, "critical", 12],
      [1, "resolved", 0],
    ]);
    expect(await getMetricAlertDetail(db, { organizationId: theirs.organization.id, alertRuleId: rule.id })).toBeNull();
    expect(await getMetricAlertDetail(db, { organizationId: ours.organization.id, alertRuleId: issueRule.id })).toBeNull();
    expect(await getMetricAlertDetail(db, { organizationId: ours.organization.id, alertRuleId: "missing" })).toBeNull();
  });
});
