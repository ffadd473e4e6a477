import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { forgetIngestionKeys } from "./ingestion-key-cache";
import { findProjectKey, projectKeyRefSchema } from "./project-key";

export type ProjectKeyRef = z.input<typeof projectKeyRefSchema>;

async function setProjectKeyActive(db: Db, input: ProjectKeyRef, isActive: boolean) {
  const ref = parseInput(projectKeyRefSchema, input);
  const { project, key } = await findProjectKey(db, ref);
  if (key.isActive === isActive) return { project, key, changed: false };
  const updated = await db.projectKey.update({ where: { id: key.id }, data: { isActive } });
  forgetIngestionKeys();
  return { project, key: updated, changed: true };
}

/** A disabled key's events are refused (401/403) until it is enabled again. */
export function disableProjectKey(db: Db, input: ProjectKeyRef) {
  return setProjectKeyActive(db, input, false);
}

export function enableProjectKey(db: Db, input: ProjectKeyRef) {
  return setProjectKeyActive(db, input, true);
}
