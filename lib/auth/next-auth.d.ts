// The session version travels from sign-in (what authorize returns) into the JWT of the session
// cookie, where every request compares it with the user's (see session-version.ts).
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
  }
}
