import { NextResponse } from "next/server";
import { z } from "zod";
import { deleteAlertRule } from "@/lib/domain/alerts/delete-alert-rule";
import { updateAlertRule } from "@/lib/domain/alerts/update-alert-rule";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { orgSlug: string; projectSlug: string; ruleId: string };

/** PATCH …/alert-rules/{ruleId} (org:admin) — rename, enable or disable, change triggers, thresholds or destination. */
export const PATCH = projectRoute<Params, z.ZodRecord<z.ZodString, z.ZodUnknown>>(
  async ({ db, access: { organization, project }, params, body }) =>
    NextResponse.json(await updateAlertRule(db, { organizationId: organization.id, projectId: project.id, ruleId: params.ruleId, update: body })),
  { scope: "org:admin", body: z.record(z.string(), z.unknown()), bodyLimit: 16 * 1024 },
);

/** DELETE …/alert-rules/{ruleId} (org:admin). */
export const DELETE = projectRoute<Params>(
  async ({ db, access: { organization, project }, params }) =>
    NextResponse.json({ deleted: await deleteAlertRule(db, { organizationId: organization.id, projectId: project.id, ruleId: params.ruleId }) }),
  { scope: "org:admin" },
);
