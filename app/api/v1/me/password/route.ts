import { z } from "zod";
import { clientAddress } from "@/lib/auth/sign-in-throttle";
import { changePassword } from "@/lib/domain/profile/change-password";
import { forbidden } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const body = z.strictObject({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) });

/**
 * POST /api/v1/me/password {currentPassword, newPassword} — 204; every session ends, this one too
 * (the dashboard signs in again with the new password). Wrong guesses count like failed sign-ins.
 */
export const POST = authenticatedRoute(async ({ request, db, principal }) => {
  if (principal.kind !== "user") throw forbidden("An API token has no password; sign in to the dashboard");
  const input = await readJsonBody(request, body, 8 * 1024);
  await changePassword(db, { userId: principal.userId, address: clientAddress(request.headers), ...input });
  return new Response(null, { status: 204 });
});
