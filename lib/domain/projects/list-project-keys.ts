import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { ProjectKey } from "@/lib/generated/prisma/client";
import { findProject } from "@/lib/domain/organizations/lookups";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { projectRefSchema } from "./project-key";
import { projectDsn } from "./project-dsn";

export interface ProjectKeyView {
  id: string;
  label: string;
  publicKey: string;
  dsn: string;
  isActive: boolean;
  rateLimitPerMinute: number | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A key as the API and the dashboard show it: with the DSN an SDK is configured with. */
export function projectKeyView(key: ProjectKey, project: { ingestId: number }, publicBaseUrl?: string): ProjectKeyView {
  return {
    id: key.id,
    label: key.label,
    publicKey: key.publicKey,
    dsn: projectDsn({ publicKey: key.publicKey, ingestId: project.ingestId }, publicBaseUrl),
    isActive: key.isActive,
    rateLimitPerMinute: key.rateLimitPerMinute,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

/** A project's keys, active ones first, oldest first within each (the first is "the" DSN). */
export async function listProjectKeys(db: Db, input: z.input<typeof projectRefSchema>, publicBaseUrl?: string) {
  const data = parseInput(projectRefSchema, input);
  const project = await findProject(db, data.organizationId, data.project);
  const keys = await db.projectKey.findMany({ where: { projectId: project.id }, orderBy: [{ isActive: "desc" }, { createdAt: "asc" }, { id: "asc" }] });
  return { project, keys: keys.map((key) => projectKeyView(key, project, publicBaseUrl)) };
}
