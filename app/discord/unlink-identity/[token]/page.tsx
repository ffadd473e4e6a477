import type { Metadata } from "next";
import { IdentityLinkPage } from "@/components/discord/identity-link-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unlink your Discord account" };

export default async function DiscordUnlinkIdentityPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <IdentityLinkPage action="unlink" token={token} />;
}
