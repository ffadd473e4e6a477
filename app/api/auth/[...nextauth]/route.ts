import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { answerNextAuth, type NextAuthContext } from "@/lib/auth/next-auth-input";
import { authOptions } from "@/lib/auth/options";
import { throttledSignInAs429 } from "@/lib/auth/sign-in-response";

export const dynamic = "force-dynamic";

const handler = NextAuth(authOptions);

function GET(request: NextRequest, context: NextAuthContext): Promise<Response> {
  return answerNextAuth(request, context, (checked) => handler(checked, context));
}

function POST(request: NextRequest, context: NextAuthContext): Promise<Response> {
  return answerNextAuth(request, context, async (checked) => throttledSignInAs429(await handler(checked, context)));
}

export { GET, POST };
