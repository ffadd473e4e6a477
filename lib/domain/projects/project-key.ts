import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { findProject } from "@/lib/domain/organizations/lookups";
import { idSchema, slugOrIdSchema } from "@/lib/domain/organizations/schemas";

export type Reader = Db | Prisma.TransactionClient;

/** Sentry's relay accepts 32 lowercase hex digits as a public key; SDKs send it as-is. */
export const publicKeySchema = z.string().regex(/^[0-9a-f]{32}$/, "A public key is 32 lowercase hex digits");

export const DEFAULT_KEY_LABEL = "Default";

export const KEY_LABEL_MAX = 64;
export const RATE_LIMIT_MAX = 1_000_000;

export const keyLabelSchema = z.string().trim().min(1, "Label must not be empty").max(KEY_LABEL_MAX, `Label must be at most ${KEY_LABEL_MAX} characters`);
/** Events per minute a key may send; null is no limit of its own. */
export const rateLimitSchema = z
  .number({ error: "Rate limit must be a whole number of events per minute, or null for none" })
  .int("Rate limit must be a whole number of events per minute")
  .min(1, "Rate limit must be at least 1 event per minute")
  .max(RATE_LIMIT_MAX, `Rate limit must be at most ${RATE_LIMIT_MAX.toLocaleString("en-US")} events per minute`)
  .nullable();

export const projectRefSchema = z.object({ organizationId: idSchema, project: slugOrIdSchema });
export const projectKeyRefSchema = projectRefSchema.extend({ keyId: idSchema });

export function generatePublicKey(): string {
  return randomBytes(16).toString("hex");
}

/** Adds a key to a project (inside the caller's transaction when it has one). */
export function insertProjectKey(db: Reader, projectId: string, options: { label?: string; rateLimitPerMinute?: number | null } = {}) {
  return db.projectKey.create({
    data: { projectId, publicKey: generatePublicKey(), label: options.label ?? DEFAULT_KEY_LABEL, rateLimitPerMinute: options.rateLimitPerMinute ?? null },
  });
}

export async function findProjectKey(db: Reader, input: z.infer<typeof projectKeyRefSchema>) {
  const project = await findProject(db, input.organizationId, input.project);
  const key = await db.projectKey.findFirst({ where: { id: input.keyId, projectId: project.id } });
  if (!key) throw notFound(`No key '${input.keyId}' in project '${project.slug}'`);
  return { project, key };
}
