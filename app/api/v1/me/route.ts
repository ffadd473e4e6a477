import { NextResponse } from "next/server";
import { getProfile, updateProfile } from "@/lib/domain/profile/profile";
import { listUserDiscordIdentities } from "@/lib/integrations/discord/user-identities";
import { forbidden } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/input/request-body";
import { authenticatedRoute } from "@/lib/http/route";
import { z } from "zod";

export const dynamic = "force-dynamic";

const noProfile = () => forbidden("An API token has no profile; sign in to the dashboard");

/** GET /api/v1/me — the signed-in user's profile and linked Discord identities. */
export const GET = authenticatedRoute(async ({ db, principal }) => {
  if (principal.kind !== "user") throw noProfile();
  const [profile, discord] = await Promise.all([getProfile(db, principal.userId), listUserDiscordIdentities(db, principal.userId)]);
  return NextResponse.json({ ...profile, identities: { discord } });
});

/** PATCH /api/v1/me {name} — changes the display name. */
export const PATCH = authenticatedRoute(async ({ request, db, principal }) => {
  if (principal.kind !== "user") throw noProfile();
  const body = await readJsonBody(request, z.strictObject({ name: z.string().max(1000) }), 4 * 1024);
  return NextResponse.json(await updateProfile(db, principal.userId, body));
});
