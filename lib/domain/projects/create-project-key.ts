import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findProject } from "@/lib/domain/organizations/lookups";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { forgetIngestionKeys } from "./ingestion-key-cache";
import { DEFAULT_KEY_LABEL, insertProjectKey, keyLabelSchema, projectRefSchema, rateLimitSchema } from "./project-key";

/** A new key's settings as a client sends them; unknown fields are refused. */
export const newProjectKeySchema = z
  .object({
    label: keyLabelSchema.default(DEFAULT_KEY_LABEL),
    rateLimitPerMinute: rateLimitSchema.default(null),
  })
  .strict();

export const createProjectKeySchema = projectRefSchema.extend(newProjectKeySchema.shape);
export type CreateProjectKeyInput = z.input<typeof createProjectKeySchema>;

export async function createProjectKey(db: Db, input: CreateProjectKeyInput) {
  const data = parseInput(createProjectKeySchema, input);
  const project = await findProject(db, data.organizationId, data.project);
  const key = await insertProjectKey(db, project.id, { label: data.label, rateLimitPerMinute: data.rateLimitPerMinute });
  // Like every key change: nothing cached from before (a refusal) may outlive it on this instance.
  forgetIngestionKeys();
  return { project, key };
}
