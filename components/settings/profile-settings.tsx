"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { useToast } from "@/components/ui/toast";
import type { ProfileView } from "@/lib/domain/profile/profile";
import type { UserDiscordIdentity } from "@/lib/integrations/discord/user-identities";
import type { OrganizationJiraSite } from "@/lib/integrations/jira/organization-sites";

const describedBy = (id: string, error: string | null | undefined, hint = false) => [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

function NameForm({ profile }: { profile: ProfileView }) {
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState(profile.name ?? "");
  const save = useMutation({
    mutationFn: () => apiRequest<ProfileView>("/api/v1/me", { method: "PATCH", body: { name } }),
    onSuccess: (updated) => {
      toast.show("Name saved");
      setName(updated.name ?? "");
      // The sidebar's user menu shows the name: render it again.
      router.refresh();
    },
  });
  const error = save.error ? (save.error instanceof ApiRequestError ? save.error.fields.name?.join(" ") : null) ?? save.error.message : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Panel title="Profile" description="Your name is what assignee lists, the activity timeline and Discord replies show.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <div className="flex flex-wrap items-start gap-3">
          <Field id="profile-name" label="Name" error={error} className="min-w-0 flex-1 basis-56">
            <Input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="name" aria-invalid={error ? true : undefined} aria-describedby={describedBy("profile-name", error)} className="w-full" />
          </Field>
          <div className="w-full sm:w-auto sm:pt-6">
            <Button type="submit" variant="primary" className="w-full sm:w-auto" pending={save.isPending} disabled={!name.trim() || name.trim() === (profile.name ?? "")}>
              Save name
            </Button>
          </div>
        </div>
        <div>
          <p className="text-sm font-medium text-fg">Email addresses</p>
          <ul className="mt-1 space-y-1">
            {profile.emails.map((e) => (
              <li key={e.email} className="flex flex-wrap items-center gap-2 text-sm text-fg">
                <span className="break-all">{e.email}</span>
                {e.primary ? <Badge tone="accent">Primary · sign-in</Badge> : null}
                {e.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
              </li>
            ))}
          </ul>
          <p className="mt-1 text-xs text-fg-subtle">An admin adds addresses with the CLI (npm run tether -- user add-email).</p>
        </div>
      </form>
    </Panel>
  );
}

function PasswordForm({ email, hasPassword }: { email: string; hasPassword: boolean }) {
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: async () => {
      await apiRequest("/api/v1/me/password", { method: "POST", body: { currentPassword: current, newPassword: next } });
      // The change ended every session, this one too: sign this browser in again with the new password.
      await signIn("credentials", { email, password: next, redirect: false });
    },
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setConfirm("");
      toast.show("Password changed; you were signed out everywhere else");
    },
  });
  const fields = change.error instanceof ApiRequestError ? change.error.fields : {};
  const currentError = fields.currentPassword?.join(" ") ?? (change.error && !fields.newPassword ? change.error.message : null);
  const nextError = fields.newPassword?.join(" ") ?? null;
  if (!hasPassword) {
    return (
      <Panel title="Password">
        <p className="text-sm text-fg-muted">You sign in through single sign-on, so there is no Tether password to change.</p>
      </Panel>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) {
      setMismatch("The two new passwords differ");
      return;
    }
    setMismatch(null);
    change.mutate();
  };
  return (
    <Panel title="Password" description="Changing it signs you out of every other browser. Wrong guesses count like failed sign-ins.">
      <form onSubmit={submit} noValidate className="grid max-w-md gap-3">
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field id="current-password" label="Current password" error={currentError}>
          <Input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} aria-invalid={currentError ? true : undefined} aria-describedby={describedBy("current-password", currentError)} />
        </Field>
        <Field id="new-password" label="New password" hint="At least 8 characters." error={nextError}>
          <Input id="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-invalid={nextError ? true : undefined} aria-describedby={describedBy("new-password", nextError, true)} />
        </Field>
        <Field id="confirm-password" label="Repeat the new password" error={mismatch}>
          <Input id="confirm-password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch ? true : undefined} aria-describedby={describedBy("confirm-password", mismatch)} />
        </Field>
        <div>
          <Button type="submit" variant="primary" pending={change.isPending} disabled={!current || !next || !confirm}>
            Change password
          </Button>
        </div>
      </form>
    </Panel>
  );
}

function DiscordIdentities({ initial }: { initial: UserDiscordIdentity[] }) {
  const toast = useToast();
  const [identities, setIdentities] = useState(initial);
  const unlink = useMutation({
    mutationFn: (identity: UserDiscordIdentity) => apiRequest<UserDiscordIdentity>(`/api/v1/me/identities/${identity.id}`, { method: "DELETE" }),
    onSuccess: (identity) => {
      setIdentities((all) => all.filter((i) => i.id !== identity.id));
      toast.show(`Discord account unlinked in ${identity.guild.name}`);
    },
    onError: (error) => toast.show(error.message, "error"),
  });
  return (
    <div>
      <h3 className="text-sm font-semibold text-fg">Discord</h3>
      {identities.length === 0 ? (
        <p className="mt-1 text-sm text-fg-muted">
          No Discord account linked. Run <code className="rounded bg-surface-muted px-1 text-xs">/link</code> in a Discord server that has Tether, then open the link it replies with.
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-line rounded-md border border-line">
          {identities.map((identity) => (
            <li key={identity.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium text-fg">{identity.guild.name}</span>
                <span className="block text-xs text-fg-muted">
                  Discord user {identity.discordUserId} · linked <RelativeTime iso={identity.linkedAt} />
                </span>
              </span>
              <Button
                size="sm"
                variant="danger"
                pending={unlink.isPending && unlink.variables?.id === identity.id}
                aria-label={`Unlink Discord in ${identity.guild.name}`}
                onClick={() => {
                  if (window.confirm(`Unlink your Discord account in ${identity.guild.name}? Its buttons and commands stop acting as you.`)) unlink.mutate(identity);
                }}
              >
                Unlink
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function JiraMatching({ sites, verifiedEmails, orgSlug }: { sites: OrganizationJiraSite[]; verifiedEmails: string[]; orgSlug: string }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-fg">Jira</h3>
      <p className="mt-1 text-sm text-fg-muted">
        Jira users are matched to you by email: when a Jira issue is assigned to someone whose Jira email is one of your verified addresses ({verifiedEmails.join(", ") || "none"}), the linked groups are assigned to you, and the other way round.
      </p>
      {sites.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">
          This organization has no Jira site yet. <Link href={`/o/${orgSlug}/settings/integrations`} className="text-accent-fg underline">Connect one in Integrations</Link>.
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-line rounded-md border border-line">
          {sites.map((site) => (
            <li key={site.integrationId} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium text-fg">{site.name}</span>
                {site.baseUrl ? <span className="block truncate text-xs text-fg-muted">{site.baseUrl}</span> : null}
              </span>
              <span className="flex flex-wrap gap-1">
                <Badge tone={site.syncsAssigneeInbound ? "success" : "neutral"}>Jira → Tether {site.syncsAssigneeInbound ? "on" : "off"}</Badge>
                <Badge tone={site.syncsAssigneeOutbound ? "success" : "neutral"}>Tether → Jira {site.syncsAssigneeOutbound ? "on" : "off"}</Badge>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The signed-in user's profile: name, emails, password, and linked Discord and Jira identities. */
export function ProfileSettings({ profile, discord, jiraSites, orgSlug }: { profile: ProfileView; discord: UserDiscordIdentity[]; jiraSites: OrganizationJiraSite[]; orgSlug: string }) {
  return (
    <div className="space-y-4">
      <NameForm profile={profile} />
      <PasswordForm email={profile.email} hasPassword={profile.hasPassword} />
      <Panel title="Linked identities" description="How Discord and Jira know who you are.">
        <div className="space-y-5">
          <DiscordIdentities initial={discord} />
          <JiraMatching sites={jiraSites} verifiedEmails={profile.emails.filter((e) => e.verified).map((e) => e.email)} orgSlug={orgSlug} />
        </div>
      </Panel>
    </div>
  );
}
