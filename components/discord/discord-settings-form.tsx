"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";

/** What the Discord provider's `settings.read` answers (lib/integrations/discord/guild-settings.ts). */
export interface DiscordSettingsView {
  integration: { id: string; name: string; status: "active" | "disabled" };
  guildId: string;
  linkedIdentities: number;
}

/** The organization's Discord server: what it is, and (admins) disconnecting it. */
export function DiscordSettingsForm({ orgSlug, initial, canEdit }: { orgSlug: string; initial: DiscordSettingsView; canEdit: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiRequest(`/api/v1/organizations/${encodeURIComponent(orgSlug)}/discord/guilds/${encodeURIComponent(initial.guildId)}`, { method: "DELETE" }),
    onSuccess: () => {
      router.push(`/o/${encodeURIComponent(orgSlug)}/settings/integrations`);
      router.refresh();
    },
  });
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-500">Server id</dt>
        <dd>
          <code className="text-xs">{initial.guildId}</code>
        </dd>
        <dt className="text-slate-500">Linked members</dt>
        <dd>{initial.linkedIdentities === 1 ? "1 member has" : `${initial.linkedIdentities} members have`} linked their Discord account (/link)</dd>
      </dl>
      <p className="text-slate-500">Alerts choose their channel in each project&apos;s alert rules.</p>
      {canEdit ? (
        <div className="border-t border-slate-100 pt-4">
          {confirming ? (
            <div className="space-y-2">
              <p>Disconnect {initial.integration.name}? Tether stops answering in it, its alert actions stop sending, and every member&apos;s link to it is removed.</p>
              <div className="flex gap-2">
                <button
                  type="button"
                  onClick={() => remove.mutate()}
                  disabled={remove.isPending}
                  className="rounded-md bg-red-600 px-4 py-2 font-medium text-white hover:bg-red-500 disabled:opacity-50"
                >
                  {remove.isPending ? "Removing…" : "Remove"}
                </button>
                <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-slate-300 px-4 py-2">
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} className="rounded-md border border-red-300 px-4 py-2 font-medium text-red-700 hover:bg-red-50">
              Remove Discord server
            </button>
          )}
          {remove.error ? (
            <p role="alert" className="mt-2 text-red-700">
              {remove.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
