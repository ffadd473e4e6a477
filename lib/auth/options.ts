import type { NextAuthOptions } from "next-auth";
import CredentialsModule from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { verifyPassword } from "./passwords";
import { safeCallbackPath } from "./safe-callback-path";
import { authSecret } from "./secret";
import { singleSignOnProvider, singleSignOnSettings, userForSingleSignOn } from "./single-sign-on";

// next-auth ships CommonJS: bundlers hand over the function, Node's ESM loader (tsx scripts) the module.
const CredentialsProvider =
  typeof CredentialsModule === "function" ? CredentialsModule : (CredentialsModule as unknown as { default: typeof CredentialsModule }).default;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/** The user for an email and password, or null; inactive users and unknown emails look alike. */
export async function authenticateWithPassword(raw: unknown): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash);
  if (!user || !ok || !user.isActive) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name };
}

const singleSignOn = singleSignOnSettings();

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  secret: authSecret(),
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials) => authenticateWithPassword(credentials),
    }),
    ...(singleSignOn ? [singleSignOnProvider(singleSignOn)] : []),
  ],
  callbacks: {
    // next-auth's default keeps any value starting with "/" ("//evil.com" included): only paths of this site.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackPath(url, [baseUrl])}`;
    },
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      // Refused sign-ins land on the sign-in page with ?error=AccessDenied.
      return (await userForSingleSignOn(profile ?? {})) !== null;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc") {
        const userId = await userForSingleSignOn(profile ?? {});
        if (userId) token.sub = userId;
        return token;
      }
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
  logger: {
    error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
    warn: (code) => logger.warn({ code }, "next-auth warning"),
    debug: () => undefined,
  },
};
