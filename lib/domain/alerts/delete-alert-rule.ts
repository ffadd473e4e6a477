import type { Db } from "@/lib/db/client";
import { findAlertRule } from "./find-alert-rule";

/** Removes a rule; alerts it already queued are skipped when they run (the rule is gone). */
export async function deleteAlertRule(db: Db, input: { organizationId: string; projectId?: string; ruleId: string }): Promise<{ id: string; name: string }> {
  const rule = await findAlertRule(db, input);
  // deleteMany: a rule deleted concurrently is gone either way, not an error.
  await db.alertRule.deleteMany({ where: { id: rule.id } });
  return { id: rule.id, name: rule.name };
}
