import { NextResponse } from "next/server";
import { organizationRoute } from "@/lib/http/route";
import { removeDiscordGuild } from "@/lib/integrations/discord/remove-guild";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/organizations/{orgSlug}/discord/guilds/{guildId} (org:admin): disconnects the guild from this organization. */
export const DELETE = organizationRoute<{ orgSlug: string; guildId: string }>(
  async ({ db, params, access }) => {
    const removed = await removeDiscordGuild(db, { guildId: params.guildId, organizationId: access.organization.id, userId: access.userId, via: "settings" });
    return NextResponse.json({ guildId: removed.guildId, integrationId: removed.integrationId, integrationDisabled: removed.integrationDisabled, unlinkedIdentities: removed.unlinkedIdentities });
  },
  { scope: "org:admin" },
);
