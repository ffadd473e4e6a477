import { z } from "zod";
import { InteractionType } from "discord-api-types/v10";
import { CUSTOM_ID_MAX_LENGTH } from "./component-custom-id";

// The parts of a Discord interaction Tether reads (behaviour.md §9.2–§9.4). Unknown keys are
// ignored: Discord adds fields often, and a new one must never turn a signed interaction into a 400.

const snowflake = z.string().regex(/^\d{1,20}$/, "a Discord id");
/** A Discord user as interactions carry it; the names are shown to people, never trusted for access. */
const discordUser = z.object({ id: snowflake, username: z.string().max(100).optional().catch(undefined), global_name: z.string().max(100).nullish().catch(undefined) });

export const interactionSchema = z.object({
  id: snowflake,
  application_id: snowflake,
  type: z.number().int(),
  token: z.string().min(1).max(1000),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  /** In a guild: the member, whose `user.id` is the Discord user. */
  member: z.object({ user: discordUser }).optional(),
  /** In a DM: the user. */
  user: discordUser.optional(),
  data: z
    .object({
      /** Commands: the command's name. */
      name: z.string().max(100).optional(),
      /** Components: `<action>:<groupId>` (§9.4). */
      custom_id: z.string().max(CUSTOM_ID_MAX_LENGTH).optional(),
      component_type: z.number().int().optional(),
      /** Select menus: the chosen values. */
      values: z.array(z.string().max(100)).max(25).optional(),
    })
    .optional(),
});

export type Interaction = z.infer<typeof interactionSchema>;

export const INTERACTION_TYPES = {
  ping: InteractionType.Ping,
  command: InteractionType.ApplicationCommand,
  component: InteractionType.MessageComponent,
} as const;

/** The name Discord shows for the user who acted (display name, else user name), when it sent one. */
export function interactingDiscordName(interaction: Interaction): string | undefined {
  const user = interaction.member?.user ?? interaction.user;
  return user?.global_name || user?.username || undefined;
}

/** The Discord user who acted: `member.user.id` in a guild, `user.id` in a DM (§9.2). */
export function interactingDiscordUserId(interaction: Interaction): string | null {
  return interaction.member?.user.id ?? interaction.user?.id ?? null;
}
