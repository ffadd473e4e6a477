import type { InteractionHandlerContext } from "./interaction-context";
import { ephemeralReply, type InteractionReply } from "./interaction-reply";

// Slash commands (behaviour.md §9.3). Placeholder until the commands land: every name answers help.

export const HELP_MESSAGE = "Tether commands: `/help`, `/link`, `/unlink`.";

export async function answerCommand(ctx: InteractionHandlerContext): Promise<InteractionReply> {
  ctx.note({ reason: "command:help", outcome: "applied" });
  return ephemeralReply(HELP_MESSAGE);
}
