import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findProject } from "@/lib/domain/organizations/lookups";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { idSchema } from "@/lib/domain/organizations/schemas";
import { forgetIngestionKeys } from "./ingestion-key-cache";
import { DEFAULT_KEY_LABEL, findProjectKey, insertProjectKey, projectRefSchema } from "./project-key";

export const rotateProjectKeySchema = projectRefSchema.extend({ keyId: idSchema.optional() });
export type RotateProjectKeyInput = z.input<typeof rotateProjectKeySchema>;

/**
 * Replaces a key with a new one and disables the old, in one transaction so the project is never
 * left without an active key. Without keyId every active key of the project is replaced (a leaked
 * DSN: cut off all of them).
 */
export async function rotateProjectKey(db: Db, input: RotateProjectKeyInput) {
  const data = parseInput(rotateProjectKeySchema, input);
  const rotated = await db.$transaction(async (tx) => {
    if (data.keyId) {
      const { project, key: old } = await findProjectKey(tx, { organizationId: data.organizationId, project: data.project, keyId: data.keyId });
      await tx.projectKey.update({ where: { id: old.id }, data: { isActive: false } });
      const key = await insertProjectKey(tx, project.id, { label: old.label, rateLimitPerMinute: old.rateLimitPerMinute });
      return { project, key, disabledKeyIds: [old.id] };
    }
    const project = await findProject(tx, data.organizationId, data.project);
    const active = await tx.projectKey.findMany({ where: { projectId: project.id, isActive: true }, orderBy: { createdAt: "asc" } });
    await tx.projectKey.updateMany({ where: { id: { in: active.map((k) => k.id) } }, data: { isActive: false } });
    const first = active[0];
    const key = await insertProjectKey(tx, project.id, { label: first?.label ?? DEFAULT_KEY_LABEL, rateLimitPerMinute: first?.rateLimitPerMinute ?? null });
    return { project, key, disabledKeyIds: active.map((k) => k.id) };
  });
  forgetIngestionKeys();
  return rotated;
}
