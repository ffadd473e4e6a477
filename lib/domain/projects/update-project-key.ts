import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { forgetIngestionKeys } from "./ingestion-key-cache";
import { findProjectKey, keyLabelSchema, projectKeyRefSchema, rateLimitSchema } from "./project-key";

/** What can change on a key; a field left out stays as it is. Unknown fields are refused, so a typo is not a silent no-op. */
export const projectKeyChangesSchema = z
  .object({
    label: keyLabelSchema.optional(),
    rateLimitPerMinute: rateLimitSchema.optional(),
    isActive: z.boolean({ error: "isActive must be true or false" }).optional(),
  })
  .strict()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), { message: "Name at least one of label, rateLimitPerMinute, isActive" });
export type ProjectKeyChanges = z.input<typeof projectKeyChangesSchema>;

export const updateProjectKeySchema = projectKeyRefSchema.extend({ changes: projectKeyChangesSchema });
export type UpdateProjectKeyInput = z.input<typeof updateProjectKeySchema>;

/**
 * Relabels a key, sets or clears its rate limit, or disables/enables it — in one statement, so a
 * refused field leaves the others unchanged too. Disabling cuts the key's DSN off at once.
 */
export async function updateProjectKey(db: Db, input: UpdateProjectKeyInput) {
  const { changes, ...ref } = parseInput(updateProjectKeySchema, input);
  const { project, key } = await findProjectKey(db, ref);
  const updated = await db.projectKey.update({ where: { id: key.id }, data: changes });
  // SDK intake reads keys (active, rate limit) through a cache: this instance must see the change on the next event.
  forgetIngestionKeys();
  return { project, key: updated, changed: (Object.keys(changes) as (keyof typeof changes)[]).some((field) => updated[field] !== key[field]) };
}
