"use client";

import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";

type Action = "link" | "unlink";

interface LinkResult {
  outcome: "linked" | "already_linked";
  discordUserId: string;
  guild: { name: string };
  email: string;
  movedFrom: string | null;
  replacedDiscordUserId: string | null;
}

interface UnlinkResult {
  outcome: "unlinked" | "not_linked";
  discordUserId: string;
  guild: { name: string };
  unlinkedFrom: string | null;
}

function linkedText(result: LinkResult): string {
  if (result.outcome === "already_linked") return `Discord account ${result.discordUserId} in ${result.guild.name} was already linked to ${result.email}. Nothing changed.`;
  const notes = [
    result.movedFrom ? ` It is no longer linked to ${result.movedFrom}.` : "",
    result.replacedDiscordUserId ? ` Your previous Discord account ${result.replacedDiscordUserId} in this server is unlinked.` : "",
  ].join("");
  return `Your Discord account ${result.discordUserId} in ${result.guild.name} is now linked to ${result.email}.${notes} You can act on Tether notifications in Discord.`;
}

function unlinkedText(result: UnlinkResult): string {
  if (result.outcome === "not_linked") return `Discord account ${result.discordUserId} in ${result.guild.name} was not linked to a Tether account. Nothing changed.`;
  return `Discord account ${result.discordUserId} in ${result.guild.name} is no longer linked to ${result.unlinkedFrom ?? "a Tether account"}.`;
}

/** The confirm button of the link and unlink pages, then what happened. */
export function IdentityLinkConfirm({ action, token }: { action: Action; token: string }) {
  const confirm = useMutation({
    mutationFn: async () => {
      if (action === "link") return linkedText(await apiRequest<LinkResult>("/api/discord/link-identity", { method: "POST", body: { token } }));
      return unlinkedText(await apiRequest<UnlinkResult>("/api/discord/unlink-identity", { method: "POST", body: { token } }));
    },
  });
  if (confirm.data) {
    return (
      <div role="status" className="mt-4 rounded-md bg-success-soft p-3 text-sm text-success">
        <p className="font-medium">{action === "link" ? "Discord account linked" : "Discord account unlinked"}</p>
        <p className="mt-1">{confirm.data}</p>
        <p className="mt-2">You can close this tab and go back to Discord.</p>
      </div>
    );
  }
  return (
    <div className="mt-4 space-y-3">
      {confirm.error ? (
        <p role="alert" className="rounded-md bg-danger-soft p-3 text-sm text-danger">
          {confirm.error.message}
        </p>
      ) : null}
      <Button variant="primary" onClick={() => confirm.mutate()} pending={confirm.isPending}>
        {confirm.isPending ? (action === "link" ? "Linking…" : "Unlinking…") : action === "link" ? "Link accounts" : "Unlink accounts"}
      </Button>
    </div>
  );
}
