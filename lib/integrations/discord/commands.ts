import type { InteractionHandlerContext } from "./interaction-context";
import { ephemeralReply, type InteractionReply } from "./interaction-reply";
import { identityLinkUrl } from "./identity-link-token";
import { interactingDiscordName } from "./interaction-payload";

// Slash commands (behaviour.md §9.3): the name is matched case-insensitively; "", `support` and
// `docs` are aliases of `help`, and any other name answers help too. Every reply is ephemeral.

export const HELP_MESSAGE = [
  "Here are the commands you can use with Tether:",
  "`/help`: View this message.",
  "`/link`: Link your Discord account to your Tether account to act on Tether notifications.",
  "`/unlink`: Unlink your Discord account from your Tether account.",
  "You must be logged in to Tether for `/link` and `/unlink` to work.",
].join("\n");

export const NOT_LOGGED_IN_MESSAGE = "You must be logged into your Tether account for the link action to work.";
export const alreadyLinkedMessage = (email: string) => `You are already linked to the Tether account with email: \`${email}\`.`;
export const linkMessage = (url: string) => `[Click here](${url}) to link your Discord account to your Tether account.`;
export const NOT_LINKED_MESSAGE = "Your Discord account is not linked to a Tether account. Use `/link` to link your accounts.";
// "Account" with a capital A, as Sentry writes it (§9.3).
export const unlinkMessage = (url: string) => `[Click here](${url}) to unlink your Discord account from your Tether Account.`;

const HELP_ALIASES = new Set(["", "help", "support", "docs"]);

export async function answerCommand(ctx: InteractionHandlerContext): Promise<InteractionReply> {
  const name = (ctx.interaction.data?.name ?? "").trim().toLowerCase();
  if (name === "link") return answerLink(ctx);
  if (name === "unlink") return answerUnlink(ctx);
  ctx.note({ reason: HELP_ALIASES.has(name) ? "command:help" : "command:unknown", outcome: "applied" });
  return ephemeralReply(HELP_MESSAGE);
}

async function answerLink(ctx: InteractionHandlerContext): Promise<InteractionReply> {
  const { user, integration, discordUserId } = ctx.context;
  if (user) {
    ctx.note({ reason: "command:link already linked", outcome: "skipped" });
    return ephemeralReply(alreadyLinkedMessage(user.email));
  }
  if (!integration || !discordUserId) {
    ctx.note({ reason: integration ? "command:link no Discord user" : "command:link unknown guild", outcome: "skipped" });
    return ephemeralReply(NOT_LOGGED_IN_MESSAGE);
  }
  ctx.note({ reason: "command:link link sent", outcome: "applied" });
  return ephemeralReply(linkMessage(await identityLinkUrl("link", { discordUserId, integrationId: integration.id, guildId: integration.guildId, discordName: interactingDiscordName(ctx.interaction) })));
}

async function answerUnlink(ctx: InteractionHandlerContext): Promise<InteractionReply> {
  const { user, integration, discordUserId } = ctx.context;
  // A linked user always has both: the link is found through the guild's integration and the Discord user.
  if (!user || !integration || !discordUserId) {
    ctx.note({ reason: "command:unlink not linked", outcome: "skipped" });
    return ephemeralReply(NOT_LINKED_MESSAGE);
  }
  ctx.note({ reason: "command:unlink link sent", outcome: "applied" });
  return ephemeralReply(unlinkMessage(await identityLinkUrl("unlink", { discordUserId, integrationId: integration.id, guildId: integration.guildId, discordName: interactingDiscordName(ctx.interaction) })));
}
