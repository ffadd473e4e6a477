import { InteractionResponseType, MessageFlags, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIInteractionResponse } from "discord-api-types/v10";

// Every reply to a command or a component is ephemeral (flags 64) and of type 4, or 7 where the
// spec says the message itself is updated (behaviour.md §9.1).

export type InteractionReply = APIInteractionResponse;

export function ephemeralReply(
  content: string,
  options: { type?: InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage; components?: APIActionRowComponent<APIComponentInMessageActionRow>[] } = {},
): InteractionReply {
  return {
    type: options.type ?? InteractionResponseType.ChannelMessageWithSource,
    data: { content, embeds: [], components: options.components ?? [], flags: MessageFlags.Ephemeral },
  };
}
