import * as Sentry from "@sentry/node";
import * as envelopeRoute from "@/app/api/[projectId]/envelope/route";
import * as storeRoute from "@/app/api/[projectId]/store/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import { projectDsn } from "@/lib/domain/projects/project-dsn";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";

// The real @sentry/node client reporting by DSN to Tether's SDK endpoints over HTTP, on PGlite.
// The SDK keeps one global client, so a test file opens one world and closes it at the end.

export interface SentrySdkWorld {
  database: Database;
  projectId: string;
  close: () => Promise<void>;
}

export async function openSentrySdkWorld(options: Omit<Sentry.NodeOptions, "dsn">): Promise<SentrySdkWorld> {
  const database = await createTestDatabase("pglite");
  setDatabase(database);
  const db = database.prisma;
  const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
  const { key } = await createProjectKey(db, { organizationId: organization.id, project: project.slug });
  const { ingestId } = await db.project.findUniqueOrThrow({ where: { id: project.id } });
  const server = await startRouteServer([
    { method: "POST", path: "/api/:projectId/envelope", handler: envelopeRoute.POST },
    { method: "POST", path: "/api/:projectId/store", handler: storeRoute.POST },
  ]);
  Sentry.init({ ...options, dsn: projectDsn({ publicKey: key.publicKey, ingestId }, server.url) });
  return {
    database,
    projectId: project.id,
    close: async () => {
      await Sentry.close(2000);
      await server.stop();
      setDatabase(undefined);
      await database.close();
    },
  };
}
