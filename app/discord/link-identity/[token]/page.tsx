import type { Metadata } from "next";
import { IdentityLinkPage } from "@/components/discord/identity-link-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Link your Discord account" };

export default async function DiscordLinkIdentityPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <IdentityLinkPage action="link" token={token} />;
}
