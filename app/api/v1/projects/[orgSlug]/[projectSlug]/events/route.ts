import { NextResponse } from "next/server";
import { z } from "zod";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { findIngestProject } from "@/lib/domain/events/find-project";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { maxEventBodyBytes, parseEventPayload } from "@/lib/domain/events/schema";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = authenticatedRoute<{ orgSlug: string; projectSlug: string }>(async ({ request, params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "events:write");
  const project = await findIngestProject(db, access.organization.id, params.projectSlug);
  // parseEventPayload refuses NUL and unpaired surrogates itself, naming the event's field.
  const events = parseEventPayload(await readJsonBody(request, z.unknown(), maxEventBodyBytes(), { allowUnstorableText: true }));
  const result = await ingestEvents(db, { project, events });
  return NextResponse.json(result, { status: 202 });
});
