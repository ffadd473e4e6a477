import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db/client";
import { checkHealth } from "@/lib/domain/health/check-health";
import packageJson from "@/package.json";

// Public and never cached: load balancers and `.ci/run` ask it whether this instance can serve.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkHealth(getDatabase);
  return NextResponse.json(
    { ...report, version: packageJson.version },
    { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
