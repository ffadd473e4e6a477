import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/http/route";
import { sandboxOff } from "@/lib/sandbox/rest-endpoint";
import { sandboxJiraIdentity } from "@/lib/sandbox/site";

export const dynamic = "force-dynamic";

/** GET /sandbox/jira/install-keys/{kid} — the sandbox's install public key, as Atlassian's key service serves one; only its own kid. */
export const GET = publicRoute<{ kid: string }>(async ({ db, params }) => {
  const site = await sandboxJiraIdentity(db);
  if (!site || params.kid !== site.keyId) return sandboxOff();
  return new NextResponse(site.publicKey, { status: 200, headers: { "content-type": "text/plain" } });
});
