"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { SkeletonRows } from "@/components/ui/skeleton";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { OrganizationInviteView } from "@/lib/domain/organizations/list-invites";
import type { OrganizationMemberView } from "@/lib/domain/organizations/list-members";
import { InviteLinkBox } from "./invite-link-box";
import { ROLE_HELP, ROLE_LABEL } from "./role-labels";

type Role = "owner" | "admin" | "member";
interface Props {
  orgSlug: string;
  organizationName: string;
  currentUserId: string;
  /** The viewer's role: admins and owners manage; only owners touch the owner role. */
  viewerRole: Role;
}
interface CreatedInvite {
  invite: OrganizationInviteView;
  path: string;
}

const rolesFor = (viewer: Role): Role[] => (viewer === "owner" ? ["owner", "admin", "member"] : ["admin", "member"]);

function InviteForm({ orgSlug, viewerRole, onInvited }: { orgSlug: string; viewerRole: Role; onInvited: (created: CreatedInvite) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const create = useMutation({
    mutationFn: () => apiRequest<CreatedInvite>(`/api/v1/organizations/${orgSlug}/invites`, { method: "POST", body: { email, role } }),
    onSuccess: (created) => {
      setEmail("");
      setRole("member");
      onInvited(created);
      toast.show(`Invited ${created.invite.email}; copy the link below`);
      void queryClient.invalidateQueries({ queryKey: ["invites", orgSlug] });
    },
  });
  const fields = create.error instanceof ApiRequestError ? create.error.fields : {};
  const emailError = fields.email?.join(" ") ?? (create.error && !fields.role ? create.error.message : null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Panel title="Invite a member" description="Tether sends no email: you get a link to copy and send to them yourself.">
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-3">
        <Field id="invite-email" label="Email" error={emailError} className="min-w-0 flex-1 basis-56">
          <Input
            id="invite-email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="ada@example.com"
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "invite-email-error" : undefined}
            className="w-full"
          />
        </Field>
        <Field id="invite-role" label="Role" error={fields.role?.join(" ")} className="basis-40">
          <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)} className="w-full" aria-describedby="invite-role-hint">
            {rolesFor(viewerRole).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </Select>
          <p id="invite-role-hint" className="text-xs text-fg-subtle">
            {ROLE_HELP[role]}
          </p>
        </Field>
        <div className="w-full sm:w-auto sm:pt-6">
          <Button type="submit" variant="primary" className="w-full sm:w-auto" pending={create.isPending} disabled={!email.trim()}>
            Create invite link
          </Button>
        </div>
      </form>
    </Panel>
  );
}

function PendingInvites({ orgSlug, viewerRole, onResent }: { orgSlug: string; viewerRole: Role; onResent: (created: CreatedInvite) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const invites = useQuery({
    queryKey: ["invites", orgSlug],
    queryFn: async () => (await apiRequest<{ invites: OrganizationInviteView[] }>(`/api/v1/organizations/${orgSlug}/invites`)).invites,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["invites", orgSlug] });
  const resend = useMutation({
    mutationFn: (invite: OrganizationInviteView) => apiRequest<CreatedInvite>(`/api/v1/organizations/${orgSlug}/invites/${invite.id}/resend`, { method: "POST" }),
    onSuccess: (created) => {
      onResent(created);
      toast.show(`New link for ${created.invite.email}; the old one no longer works`);
      refresh();
    },
    onError: (error) => toast.show(error.message, "error"),
  });
  const revoke = useMutation({
    mutationFn: (invite: OrganizationInviteView) => apiRequest(`/api/v1/organizations/${orgSlug}/invites/${invite.id}`, { method: "DELETE" }).then(() => invite),
    onSuccess: (invite) => {
      toast.show(`Invite for ${invite.email} revoked`);
      refresh();
    },
    onError: (error) => toast.show(error.message, "error"),
  });
  return (
    <Panel title="Pending invites" padded={false}>
      {invites.isPending ? (
        <div className="p-3">
          <SkeletonRows rows={2} label="Loading invites" />
        </div>
      ) : invites.error ? (
        <div className="p-4">
          <QueryError what="the invites" error={invites.error} onRetry={() => void invites.refetch()} />
        </div>
      ) : invites.data.length === 0 ? (
        <p className="px-4 py-3 text-sm text-fg-muted">No pending invites. Invite someone above; their invite shows here until they accept it.</p>
      ) : (
        <ul className="divide-y divide-line">
          {invites.data.map((invite) => (
            <li key={invite.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-fg">{invite.email}</p>
                <p className="text-xs text-fg-muted">
                  {ROLE_LABEL[invite.role]} · invited {invite.invitedBy ? `by ${invite.invitedBy} ` : ""}
                  <RelativeTime iso={invite.createdAt} /> · {invite.expired ? "expired " : "expires "}
                  <RelativeTime iso={invite.expiresAt} />
                </p>
              </div>
              {invite.expired ? <Badge tone="warning">Expired</Badge> : <Badge tone="info">Pending</Badge>}
              <div className="flex gap-2">
                <Button size="sm" disabled={viewerRole !== "owner" && invite.role === "owner"} pending={resend.isPending && resend.variables?.id === invite.id} onClick={() => resend.mutate(invite)} aria-label={`Resend the invite for ${invite.email}`}>
                  Resend
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  pending={revoke.isPending && revoke.variables?.id === invite.id}
                  aria-label={`Revoke the invite for ${invite.email}`}
                  onClick={() => {
                    if (window.confirm(`Revoke the invite for ${invite.email}? Its link stops working.`)) revoke.mutate(invite);
                  }}
                >
                  Revoke
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function MemberRow({ member, props, isManager }: { member: OrganizationMemberView; props: Props; isManager: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { orgSlug, viewerRole, currentUserId } = props;
  const self = member.userId === currentUserId;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["members", orgSlug] });
  const changeRole = useMutation({
    mutationFn: (role: Role) => apiRequest(`/api/v1/organizations/${orgSlug}/members/${member.id}`, { method: "PATCH", body: { role } }).then(() => role),
    onSuccess: (role) => {
      toast.show(`${member.name ?? member.email} is now ${ROLE_LABEL[role].toLowerCase()}`);
      refresh();
    },
    onError: (error) => toast.show(error.message, "error"),
  });
  const remove = useMutation({
    mutationFn: () => apiRequest(`/api/v1/organizations/${orgSlug}/members/${member.id}`, { method: "DELETE" }),
    onSuccess: () => {
      if (self) {
        router.push("/");
        return;
      }
      toast.show(`${member.name ?? member.email} removed from ${props.organizationName}`);
      refresh();
    },
    onError: (error) => toast.show(error.message, "error"),
  });
  const mayEditRole = isManager && (viewerRole === "owner" || member.role !== "owner");
  const mayRemove = self || mayEditRole;
  const label = member.name ?? member.email;
  return (
    <Tr>
      <Td>
        <p className="font-medium text-fg">
          {label}
          {self ? <span className="ml-1 text-xs font-normal text-fg-subtle">(you)</span> : null}
          {!member.isActive ? (
            <Badge tone="neutral" className="ml-1">
              Deactivated
            </Badge>
          ) : null}
        </p>
        {member.name ? <p className="text-xs text-fg-muted">{member.email}</p> : null}
      </Td>
      <Td>
        {mayEditRole ? (
          <Select
            aria-label={`Role of ${label}`}
            value={member.role}
            disabled={changeRole.isPending}
            onChange={(e) => changeRole.mutate(e.target.value as Role)}
            className="py-1 text-xs"
          >
            {(viewerRole === "owner" ? ["owner", "admin", "member"] : ["admin", "member"]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </Select>
        ) : (
          <Badge tone={member.role === "member" ? "neutral" : "accent"}>{ROLE_LABEL[member.role]}</Badge>
        )}
      </Td>
      <Td>
        <span className="flex flex-wrap gap-1">
          {member.teams.length === 0 ? <span className="text-xs text-fg-subtle">no team</span> : null}
          {member.teams.map((team) => (
            <Badge key={team.id}>#{team.slug}</Badge>
          ))}
        </span>
      </Td>
      <Td className="hidden text-xs whitespace-nowrap text-fg-muted sm:table-cell">
        <RelativeTime iso={member.joinedAt} />
      </Td>
      <Td className="text-right">
        {mayRemove ? (
          <Button
            size="sm"
            variant="danger"
            pending={remove.isPending}
            aria-label={self ? `Leave ${props.organizationName}` : `Remove ${label}`}
            onClick={() => {
              const question = self ? `Leave ${props.organizationName}? You lose access at once.` : `Remove ${label} from ${props.organizationName}? They lose access at once.`;
              if (window.confirm(question)) remove.mutate();
            }}
          >
            {self ? "Leave" : "Remove"}
          </Button>
        ) : null}
      </Td>
    </Tr>
  );
}

/** The organization's members (role, teams, joined) and, for owners and admins, invites and role changes. */
export function MembersManager(props: Props) {
  const { orgSlug, viewerRole } = props;
  const isManager = viewerRole !== "member";
  const [link, setLink] = useState<CreatedInvite | null>(null);
  const members = useQuery({
    queryKey: ["members", orgSlug],
    queryFn: async () => (await apiRequest<{ members: OrganizationMemberView[] }>(`/api/v1/organizations/${orgSlug}/members?view=settings`)).members,
  });
  return (
    <div className="space-y-4">
      {isManager ? <InviteForm orgSlug={orgSlug} viewerRole={viewerRole} onInvited={setLink} /> : null}
      {link ? <InviteLinkBox email={link.invite.email} path={link.path} onDone={() => setLink(null)} /> : null}
      {isManager ? <PendingInvites orgSlug={orgSlug} viewerRole={viewerRole} onResent={setLink} /> : null}
      {members.isPending ? (
        <SkeletonRows rows={4} label="Loading members" />
      ) : members.error ? (
        <QueryError what="the members" error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <EmptyState title="No members">Invite someone to start triaging together.</EmptyState>
      ) : (
        <Table label="Members">
          <THead>
            <tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th>Teams</Th>
              <Th className="hidden sm:table-cell">Joined</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {members.data.map((member) => (
              <MemberRow key={member.id} member={member} props={props} isManager={isManager} />
            ))}
          </TBody>
        </Table>
      )}
      {!isManager ? <p className="text-sm text-fg-muted">Only owners and admins can invite members or change roles.</p> : null}
    </div>
  );
}
