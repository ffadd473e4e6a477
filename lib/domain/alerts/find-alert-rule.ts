import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

/** A rule of the organization (and of the project, when given); another organization's rule is a 404 like an unknown id. */
export async function findAlertRule(db: Db, input: { organizationId: string; projectId?: string; ruleId: string }) {
  const rule = await db.alertRule.findFirst({
    where: { id: input.ruleId, organizationId: input.organizationId, ...(input.projectId ? { projectId: input.projectId } : {}) },
    include: { project: { select: { slug: true } } },
  });
  if (!rule) throw notFound("Alert rule not found");
  return rule;
}
