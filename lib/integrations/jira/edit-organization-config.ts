import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lockJiraOrganizationIntegration } from "./lock-org-integration";
import { RESOLUTION_STRATEGIES, parseIgnoredFields, readJiraOrganizationConfig } from "./organization-config";

const statusMappingSchema = z.object({
  on_resolve: z.string().trim(),
  on_unresolve: z.string().trim(),
  // [R] more Jira statuses that mean "resolved" for inbound sync (Cancelled, Duplicate, …).
  also_resolved: z.array(z.string().trim().min(1)).max(50).default([]),
  name: z.string().max(200).optional(),
});

/** §7: the settings form of one organization's Jira site. Absent keys keep their stored value. */
export const jiraConfigUpdateSchema = z
  .object({
    sync_forward_assignment: z.boolean(),
    sync_reverse_assignment: z.boolean(),
    sync_status_reverse: z.boolean(),
    sync_comments: z.boolean(),
    link_back_comment: z.boolean(),
    resolution_strategy: z.enum(RESOLUTION_STRATEGIES),
    issues_ignored_fields: z.union([z.string().max(5000), z.array(z.string().max(200)).max(200)]),
    // {jiraProjectId: {on_resolve, on_unresolve}}; replaces every mapping. {} turns status push off.
    sync_status_forward: z.record(z.string().regex(/^\d+$/, "Jira project ids are numeric"), statusMappingSchema),
  })
  .partial()
  .strict();
export type JiraConfigUpdate = z.infer<typeof jiraConfigUpdateSchema>;

export async function updateJiraOrganizationConfig(db: Db, input: { organizationId: string; integrationId: string; update: JiraConfigUpdate }) {
  const update = jiraConfigUpdateSchema.parse(input.update);
  if (update.sync_status_forward) {
    const fields: Record<string, string[]> = {};
    for (const [projectId, mapping] of Object.entries(update.sync_status_forward)) {
      if (!mapping.on_resolve || !mapping.on_unresolve) fields[`sync_status_forward.${projectId}`] = ["Resolve and unresolve status are required."];
    }
    if (Object.keys(fields).length > 0) throw new AppError(400, "validation_failed", "Resolve and unresolve status are required.", { fields });
  }
  return db.$transaction(async (tx) => {
    const linkId = await lockJiraOrganizationIntegration(tx, input);
    if (!linkId) throw notFound("Integration not found");
    const link = await tx.organizationIntegration.findUniqueOrThrow({ where: { id: linkId } });
    const current = readJiraOrganizationConfig(link.config);
    const next = { ...(link.config as Prisma.JsonObject), ...(current as unknown as Prisma.JsonObject) } as Record<string, Prisma.InputJsonValue>;
    for (const key of ["sync_forward_assignment", "sync_reverse_assignment", "sync_status_reverse", "sync_comments", "link_back_comment", "resolution_strategy"] as const) {
      if (update[key] !== undefined) next[key] = update[key];
    }
    if (update.issues_ignored_fields !== undefined) {
      next.issues_ignored_fields = typeof update.issues_ignored_fields === "string" ? parseIgnoredFields(update.issues_ignored_fields) : update.issues_ignored_fields.map((f) => f.trim()).filter(Boolean);
    }
    if (update.sync_status_forward !== undefined) {
      const mappings = Object.entries(update.sync_status_forward);
      next.sync_status_forward = mappings.length > 0;
      await tx.integrationExternalProject.deleteMany({ where: { organizationIntegrationId: link.id, externalId: { notIn: mappings.map(([externalId]) => externalId) } } });
      for (const [externalId, m] of mappings) {
        const values = { name: m.name ?? null, resolvedStatus: m.on_resolve, unresolvedStatus: m.on_unresolve, extraResolvedStatuses: m.also_resolved };
        await tx.integrationExternalProject.upsert({
          where: { organizationIntegrationId_externalId: { organizationIntegrationId: link.id, externalId } },
          create: { organizationIntegrationId: link.id, externalId, ...values },
          update: values,
        });
      }
    }
    const saved = await tx.organizationIntegration.update({ where: { id: link.id }, data: { config: next as Prisma.InputJsonObject } });
    return saved;
  });
}

/** The settings as the form shows them: config plus the per-project status mappings. */
export async function getJiraOrganizationSettings(db: Db, input: { organizationId: string; integrationId: string }) {
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId: input.organizationId, integrationId: input.integrationId, integration: { provider: "jira" } },
    include: { externalProjects: { orderBy: { externalId: "asc" } }, integration: { select: { id: true, name: true, status: true, metadata: true, externalId: true } } },
  });
  if (!link) throw notFound("Integration not found");
  const config = readJiraOrganizationConfig(link.config);
  return {
    integration: { id: link.integration.id, name: link.integration.name, status: link.integration.status, baseUrl: (link.integration.metadata as { base_url?: string }).base_url ?? null },
    config: { ...config, issues_ignored_fields: config.issues_ignored_fields.join(", ") },
    statusMappings: Object.fromEntries(
      link.externalProjects.map((p) => [p.externalId, { name: p.name, on_resolve: p.resolvedStatus, on_unresolve: p.unresolvedStatus, also_resolved: p.extraResolvedStatuses }]),
    ),
  };
}
