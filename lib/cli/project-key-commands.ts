import { z } from "zod";
import { findOrganization } from "@/lib/domain/organizations/lookups";
import { slugOrIdSchema } from "@/lib/domain/organizations/schemas";
import { listProjectKeys } from "@/lib/domain/projects/list-project-keys";
import { projectDsn } from "@/lib/domain/projects/project-dsn";
import { rotateProjectKey } from "@/lib/domain/projects/rotate-project-key";
import { type CliCommand, ORG_OPTION, UsageError } from "./command";

const dsnArgsSchema = z.object({ org: z.string().trim().min(1, "--org must not be empty"), project: slugOrIdSchema, rotate: z.boolean() });

export const projectKeyCommands: CliCommand[] = [
  {
    name: "project dsn",
    summary: "Print the DSN Sentry SDKs report to for a project; --rotate replaces its active keys with a new one first.",
    options: {
      org: ORG_OPTION,
      project: { type: "string", required: true, value: "<slug-or-id>", description: "the project" },
      rotate: { type: "boolean", description: "disable the project's active keys and print the DSN of a new one" },
    },
    async run({ db }, args) {
      const parsed = dsnArgsSchema.safeParse({ org: args.get("org"), project: args.get("project"), rotate: args.flag("rotate") });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("; "));
      const { org, project: projectRef, rotate } = parsed.data;
      const organization = await findOrganization(db, { slug: org });
      if (rotate) {
        const { project, key, disabledKeyIds } = await rotateProjectKey(db, { organizationId: organization.id, project: projectRef });
        const dsn = projectDsn({ publicKey: key.publicKey, ingestId: project.ingestId });
        return { json: { dsn, keyId: key.id, publicKey: key.publicKey, ingestId: project.ingestId, rotated: true, disabledKeyIds }, text: dsn };
      }
      const { project, keys } = await listProjectKeys(db, { organizationId: organization.id, project: projectRef });
      const key = keys.find((k) => k.isActive);
      if (!key) throw new UsageError(`Project '${project.slug}' has no active key; run with --rotate to create one`);
      return { json: { dsn: key.dsn, keyId: key.id, publicKey: key.publicKey, ingestId: project.ingestId, rotated: false, disabledKeyIds: [] }, text: key.dsn };
    },
  },
];
