import { publicRoute } from "@/lib/http/route";
import { serveSandboxJiraRest } from "@/lib/sandbox/rest-endpoint";

export const dynamic = "force-dynamic";

/** /sandbox/jira/rest/api/{2,3}/… — the sandbox Jira site's REST API (Connect JWT required; 404 when the sandbox is off). */
const handler = publicRoute<{ path: string[] }>(({ db, request }) => serveSandboxJiraRest(db, request));
export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const DELETE = handler;
