"use client";

import { useSearchParams } from "next/navigation";
import { DISCORD_INSTALL_ERRORS, DISCORD_INSTALL_NOTICES, type DiscordInstallNotice as Notice } from "@/lib/integrations/discord/install-notices";

/** The outcome of "Add to Discord" after Discord's redirect: a fixed text per code, never text from the URL. */
export function DiscordInstallNotice() {
  const code = useSearchParams().get("discord");
  if (!code || !Object.hasOwn(DISCORD_INSTALL_NOTICES, code)) return null;
  const notice = code as Notice;
  const error = DISCORD_INSTALL_ERRORS.has(notice);
  return (
    <p role={error ? "alert" : "status"} className={`mt-2 rounded-md p-3 ${error ? "bg-danger-soft text-danger" : "bg-success-soft text-success"}`}>
      {DISCORD_INSTALL_NOTICES[notice]}
    </p>
  );
}
