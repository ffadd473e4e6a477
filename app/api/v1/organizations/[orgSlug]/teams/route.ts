import { NextResponse } from "next/server";
import { z } from "zod";
import { createTeam } from "@/lib/domain/organizations/create-team";
import { listTeams } from "@/lib/domain/organizations/list-teams";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Name and slug are validated by the domain; here only their size.
const createTeamBody = z.strictObject({ name: z.string().max(200), slug: z.string().max(100).optional() });

/** GET /api/v1/organizations/{orgSlug}/teams — teams with their members and projects. */
export const GET = organizationRoute(async ({ db, access }) => NextResponse.json({ teams: await listTeams(db, access.organization.id) }), { scope: "issues:read" });

/** POST /api/v1/organizations/{orgSlug}/teams {name, slug?} — the slug comes from the name unless given. */
export const POST = organizationRoute(
  async ({ db, access, body }) => {
    const team = await createTeam(db, { organizationId: access.organization.id, name: body.name, slug: body.slug });
    return NextResponse.json({ id: team.id, slug: team.slug, name: team.name }, { status: 201 });
  },
  { scope: "org:admin", body: createTeamBody, bodyLimit: 4 * 1024 },
);
