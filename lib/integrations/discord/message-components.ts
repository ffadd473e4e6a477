import type { InteractionHandlerContext } from "./interaction-context";
import { ephemeralReply, type InteractionReply } from "./interaction-reply";

// Buttons and selects on Tether's messages (behaviour.md §9.4). Placeholder until they land.

export const INVALID_GROUP_ID = "Invalid group ID.";

export async function answerMessageComponent(ctx: InteractionHandlerContext): Promise<InteractionReply> {
  ctx.note({ reason: "invalid group id", outcome: "skipped" });
  return ephemeralReply(INVALID_GROUP_ID);
}
