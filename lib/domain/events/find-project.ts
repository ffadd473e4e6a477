import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { IngestProject } from "./ingest-events";

/** The project events are sent to, within an organization the caller already has access to. */
export async function findIngestProject(db: Db, organizationId: string, projectSlug: string): Promise<IngestProject> {
  const project = await db.project.findUnique({
    where: { organizationId_slug: { organizationId, slug: projectSlug } },
    select: { id: true, slug: true, organizationId: true },
  });
  if (!project) throw notFound("Project not found");
  return project;
}
