import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { throttledSignInAs429 } from "@/lib/auth/sign-in-response";

export const dynamic = "force-dynamic";

const handler = NextAuth(authOptions);

async function POST(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  const response: Response = await handler(request, context);
  return throttledSignInAs429(response);
}

export { handler as GET, POST };
