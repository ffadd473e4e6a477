import { NextResponse } from "next/server";
import { z } from "zod";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { maxEventBodyBytes, parseEventPayload } from "@/lib/domain/events/schema";
import { readJsonBody } from "@/lib/input/request-body";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/v1/projects/{orgSlug}/{projectSlug}/events — one event or a batch; 202 with what was ingested. */
export const POST = projectRoute(
  async ({ request, db, access }) => {
    // parseEventPayload refuses NUL and unpaired surrogates itself, naming the event's field.
    const events = parseEventPayload(await readJsonBody(request, z.unknown(), maxEventBodyBytes(), { allowUnstorableText: true }));
    const project = { id: access.project.id, slug: access.project.slug, organizationId: access.organization.id };
    return NextResponse.json(await ingestEvents(db, { project, events }), { status: 202 });
  },
  { scope: "events:write" },
);
