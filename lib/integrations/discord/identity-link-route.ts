import { z } from "zod";
import type { Principal } from "@/lib/auth/access";
import { forbidden } from "@/lib/errors";

// The body the link and unlink pages post: the signed link's token, nothing else (who links is the session).
export const identityLinkBodySchema = z.object({ token: z.string().min(1).max(2000) });

/** Linking is a person's own act: a signed-in session, never an API token. */
export function signedInUserId(principal: Principal): string {
  if (principal.kind !== "user") throw forbidden("Link a Discord account from the dashboard, signed in as yourself; API tokens cannot");
  return principal.userId;
}
