import { NextResponse } from "next/server";
import { z } from "zod";
import { createAlertRule } from "@/lib/domain/alerts/create-alert-rule";
import { listAlertDiscordGuilds, listAlertRules } from "@/lib/domain/alerts/list-alert-rules";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/projects/{orgSlug}/{projectSlug}/alert-rules — the project's rules and the Discord servers a rule can use. */
export const GET = projectRoute(
  async ({ db, access: { organization, project } }) =>
    NextResponse.json({
      rules: await listAlertRules(db, { organizationId: organization.id, projectId: project.id }),
      discordGuilds: await listAlertDiscordGuilds(db, organization.id),
    }),
  { scope: "issues:read" },
);

/** POST …/alert-rules (org:admin) — adds a rule; its Discord channel is checked with Discord first. */
export const POST = projectRoute(
  async ({ db, access: { organization, project }, body }) =>
    NextResponse.json(await createAlertRule(db, { organizationId: organization.id, projectId: project.id, rule: body }), { status: 201 }),
  // The rule's own schema (kind-dependent) is applied by the domain action.
  { scope: "org:admin", body: z.record(z.string(), z.unknown()), bodyLimit: 16 * 1024 },
);
