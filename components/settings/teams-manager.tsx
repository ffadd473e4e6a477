"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-error";
import { SkeletonRows } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { TeamView } from "@/lib/domain/organizations/list-teams";
import type { OrganizationMemberView } from "@/lib/domain/organizations/list-members";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function CreateTeamForm({ orgSlug }: { orgSlug: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => apiRequest<{ slug: string; name: string }>(`/api/v1/organizations/${orgSlug}/teams`, { method: "POST", body: { name } }),
    onSuccess: (team) => {
      setName("");
      toast.show(`Team #${team.slug} created`);
      void queryClient.invalidateQueries({ queryKey: ["teams", orgSlug] });
    },
  });
  const fields = create.error instanceof ApiRequestError ? create.error.fields : {};
  const error = create.error ? (fields.name?.join(" ") ?? create.error.message) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Panel title="Create a team" description="Teams give their members access to projects and can be assigned groups (#team).">
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-3">
        <Field id="team-name" label="Team name" error={error} hint="The slug (#backend) is made from the name." className="min-w-0 flex-1 basis-56">
          <Input
            id="team-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Backend"
            maxLength={200}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "team-name-error team-name-hint" : "team-name-hint"}
            className="w-full"
          />
        </Field>
        <div className="w-full sm:w-auto sm:pt-6">
          <Button type="submit" variant="primary" className="w-full sm:w-auto" pending={create.isPending} disabled={!name.trim()}>
            Create team
          </Button>
        </div>
      </form>
    </Panel>
  );
}

function TeamCard({ team, orgSlug, isAdmin, members }: { team: TeamView; orgSlug: string; isAdmin: boolean; members: OrganizationMemberView[] }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [chosen, setChosen] = useState("");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["teams", orgSlug] });
    void queryClient.invalidateQueries({ queryKey: ["members", orgSlug] });
  };
  const onError = (error: Error) => toast.show(error.message, "error");
  const add = useMutation({
    mutationFn: (memberId: string) => apiRequest(`/api/v1/organizations/${orgSlug}/teams/${team.id}/members`, { method: "POST", body: { memberId } }),
    onSuccess: () => {
      const who = members.find((m) => m.id === chosen);
      toast.show(`${who?.name ?? who?.email ?? "Member"} added to #${team.slug}`);
      setChosen("");
      refresh();
    },
    onError,
  });
  const takeOff = useMutation({
    mutationFn: (member: TeamView["members"][number]) => apiRequest(`/api/v1/organizations/${orgSlug}/teams/${team.id}/members/${member.memberId}`, { method: "DELETE" }).then(() => member),
    onSuccess: (member) => {
      toast.show(`${member.name ?? member.email} removed from #${team.slug}`);
      refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => apiRequest<{ unassignedGroups: number }>(`/api/v1/organizations/${orgSlug}/teams/${team.id}`, { method: "DELETE" }),
    onSuccess: (result) => {
      toast.show(`Team #${team.slug} deleted${result.unassignedGroups ? `; ${plural(result.unassignedGroups, "group")} unassigned` : ""}`);
      refresh();
    },
    onError,
  });
  const onTeam = new Set(team.members.map((m) => m.memberId));
  const candidates = members.filter((m) => !onTeam.has(m.id) && m.isActive);
  return (
    <Panel
      className="min-w-0"
      title={
        <span>
          {team.name} <span className="font-normal text-fg-subtle">#{team.slug}</span>
        </span>
      }
      description={`${plural(team.members.length, "member")} · ${plural(team.projects.length, "project")}`}
      actions={
        isAdmin ? (
          <Button
            size="sm"
            variant="danger"
            pending={remove.isPending}
            aria-label={`Delete team ${team.slug}`}
            onClick={() => {
              if (window.confirm(`Delete #${team.slug}? Groups assigned to it become unassigned; its members and projects stay.`)) remove.mutate();
            }}
          >
            Delete
          </Button>
        ) : null
      }
    >
      <div className="space-y-3 text-sm">
        <div className="flex flex-wrap items-center gap-1">
          <span className="text-xs text-fg-muted">Projects:</span>
          {team.projects.length === 0 ? <span className="text-xs text-fg-subtle">none yet (give access from a project&apos;s settings or the CLI)</span> : null}
          {team.projects.map((p) => (
            <Link key={p.id} href={`/o/${orgSlug}/settings/projects/${p.slug}`} className="rounded text-xs text-accent-fg hover:underline">
              <Badge tone="accent">{p.name}</Badge>
            </Link>
          ))}
        </div>
        {team.members.length === 0 ? (
          <p className="text-xs text-fg-muted">No members yet{isAdmin ? ": add one below." : "."}</p>
        ) : (
          <ul aria-label={`Members of ${team.slug}`} className="divide-y divide-line rounded-md border border-line">
            {team.members.map((m) => (
              <li key={m.memberId} className="flex items-center justify-between gap-2 px-3 py-2">
                <span className="min-w-0 break-words">
                  <span className="font-medium text-fg">{m.name ?? m.email}</span>
                  {m.name ? <span className="ml-1 text-xs text-fg-muted">{m.email}</span> : null}
                </span>
                {isAdmin ? (
                  <Button size="sm" variant="ghost" aria-label={`Remove ${m.name ?? m.email} from ${team.slug}`} pending={takeOff.isPending && takeOff.variables?.memberId === m.memberId} onClick={() => takeOff.mutate(m)}>
                    Remove
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {isAdmin ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (chosen) add.mutate(chosen);
            }}
          >
            <div className="min-w-0 flex-1 basis-48 space-y-1">
              <label htmlFor={`add-${team.id}`} className="block text-xs font-medium text-fg-muted">
                Add a member to #{team.slug}
              </label>
              <Select id={`add-${team.id}`} value={chosen} onChange={(e) => setChosen(e.target.value)} className="w-full" disabled={candidates.length === 0}>
                <option value="">{candidates.length === 0 ? "Everyone is on this team" : "Choose a member…"}</option>
                {candidates.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name ? `${m.name} (${m.email})` : m.email}
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit" size="md" disabled={!chosen} pending={add.isPending}>
              Add
            </Button>
          </form>
        ) : null}
      </div>
    </Panel>
  );
}

/** The organization's teams, with their members and projects; owners and admins change them. */
export function TeamsManager({ orgSlug, isAdmin }: { orgSlug: string; isAdmin: boolean }) {
  const teams = useQuery({
    queryKey: ["teams", orgSlug],
    queryFn: async () => (await apiRequest<{ teams: TeamView[] }>(`/api/v1/organizations/${orgSlug}/teams`)).teams,
  });
  const members = useQuery({
    queryKey: ["members", orgSlug],
    queryFn: async () => (await apiRequest<{ members: OrganizationMemberView[] }>(`/api/v1/organizations/${orgSlug}/members?view=settings`)).members,
  });
  return (
    <div className="space-y-4">
      {isAdmin ? <CreateTeamForm orgSlug={orgSlug} /> : null}
      {teams.isPending ? (
        <SkeletonRows rows={3} label="Loading teams" />
      ) : teams.error ? (
        <QueryError what="the teams" error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <EmptyState title="No teams yet">{isAdmin ? "Create a team above, then add members and give it access to projects." : "Ask an owner or admin to create one."}</EmptyState>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {teams.data.map((team) => (
            <TeamCard key={team.id} team={team} orgSlug={orgSlug} isAdmin={isAdmin} members={members.data ?? []} />
          ))}
        </div>
      )}
    </div>
  );
}
