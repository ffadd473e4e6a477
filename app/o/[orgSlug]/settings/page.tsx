import { redirect } from "next/navigation";

export default async function SettingsHome({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  redirect(`/o/${orgSlug}/settings/integrations`);
}
