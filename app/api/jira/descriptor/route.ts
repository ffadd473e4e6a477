import { NextResponse } from "next/server";
import { connectDescriptor } from "@/lib/integrations/jira/descriptor";

export const dynamic = "force-dynamic";

export function GET(): NextResponse {
  return NextResponse.json(connectDescriptor());
}
