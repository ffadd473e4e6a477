"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { useToast } from "@/components/ui/toast";

/** What the Discord provider's `settings.read` answers (lib/integrations/discord/guild-settings.ts). */
export interface DiscordSettingsView {
  integration: { id: string; name: string; status: "active" | "disabled" };
  guildId: string;
  linkedIdentities: number;
}

/** The organization's Discord server: what it is, and (admins) disconnecting it. */
export function DiscordSettingsForm({ orgSlug, initial, canEdit }: { orgSlug: string; initial: DiscordSettingsView; canEdit: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiRequest(`/api/v1/organizations/${encodeURIComponent(orgSlug)}/discord/guilds/${encodeURIComponent(initial.guildId)}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.show(`Discord server ${initial.integration.name} removed`);
      router.push(`/o/${encodeURIComponent(orgSlug)}/settings/integrations`);
      router.refresh();
    },
  });
  return (
    <Panel>
      <div className="space-y-4 text-sm text-fg">
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="text-fg-subtle">Server id</dt>
        <dd>
          <code className="text-xs">{initial.guildId}</code>
        </dd>
        <dt className="text-fg-subtle">Linked members</dt>
        <dd>{initial.linkedIdentities === 1 ? "1 member has" : `${initial.linkedIdentities} members have`} linked their Discord account (/link)</dd>
      </dl>
      <p className="text-fg-subtle">Alerts choose their channel in each project&apos;s alert rules.</p>
      {canEdit ? (
        <div className="border-t border-line pt-4">
          {confirming ? (
            <div className="space-y-2">
              <p>Disconnect {initial.integration.name}? Tether stops answering in it, its alert actions stop sending, and every member&apos;s link to it is removed.</p>
              <div className="flex gap-2">
                <Button variant="danger" onClick={() => remove.mutate()} pending={remove.isPending}>
                  {remove.isPending ? "Removing…" : "Remove"}
                </Button>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
              </div>
            </div>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Remove Discord server
            </Button>
          )}
          {remove.error ? (
            <p role="alert" className="mt-2 text-danger">
              {remove.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
      </div>
    </Panel>
  );
}
