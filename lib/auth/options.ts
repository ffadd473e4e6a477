import type { NextAuthOptions } from "next-auth";
import CredentialsModule from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { safeCallbackPath } from "./safe-callback-path";
import { authenticateWithPassword } from "./password-sign-in";
import { authSecret } from "./secret";
import { currentSessionVersion } from "./session-version";
import { clientAddress } from "./sign-in-throttle";
import { singleSignOnProvider, singleSignOnSettings, userForSingleSignOn } from "./single-sign-on";

// next-auth ships CommonJS: bundlers hand over the function, Node's ESM loader (tsx scripts) the module.
const CredentialsProvider =
  typeof CredentialsModule === "function" ? CredentialsModule : (CredentialsModule as unknown as { default: typeof CredentialsModule }).default;

export { authenticateWithPassword };

const singleSignOn = singleSignOnSettings();

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  secret: authSecret(),
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // A throttle refusal is thrown: next-auth passes its message on to the sign-in form.
      authorize: (credentials, req) => authenticateWithPassword(credentials, clientAddress(req.headers)),
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
        if (userId) {
          token.sub = userId;
          token.sessionVersion = await currentSessionVersion(await getDb(), userId);
        }
        return token;
      }
      if (user) {
        token.sub = user.id;
        // The version the password was checked against: a revocation during sign-in still counts.
        token.sessionVersion = user.sessionVersion ?? (await currentSessionVersion(await getDb(), user.id));
      }
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
