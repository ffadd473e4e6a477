import type { Db } from "@/lib/db/client";
import { publicKeySchema } from "./project-key";

export interface IngestionKey {
  keyId: string;
  projectId: string;
  projectSlug: string;
  organizationId: string;
  rateLimitPerMinute: number | null;
}

// Writing lastUsedAt on every event would turn each ingestion into an extra write; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

/** The active key an SDK authenticates with for project `ingestId`, or null (unknown, disabled, or another project's key). */
export async function findActiveKeyForIngestion(db: Db, ingestId: number, publicKey: string): Promise<IngestionKey | null> {
  if (!Number.isSafeInteger(ingestId) || ingestId < 1 || ingestId > 2_147_483_647) return null;
  if (!publicKeySchema.safeParse(publicKey).success) return null;
  const key = await db.projectKey.findUnique({ where: { publicKey }, include: { project: { select: { ingestId: true, organizationId: true, slug: true } } } });
  if (!key || !key.isActive || key.project.ingestId !== ingestId) return null;
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.projectKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { keyId: key.id, projectId: key.projectId, projectSlug: key.project.slug, organizationId: key.project.organizationId, rateLimitPerMinute: key.rateLimitPerMinute };
}
