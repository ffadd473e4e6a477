"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { ProjectKeyView } from "@/lib/domain/projects/list-project-keys";
import { SdkSetup } from "./sdk-setup";

// The server's bounds (lib/domain/projects/project-key.ts), repeated so the browser stops the obvious mistakes first.
const LABEL_MAX = 64;
const RATE_LIMIT_MAX = 1_000_000;

interface KeysAnswer {
  keys: ProjectKeyView[];
}

/** A key just made (added or rotated): its DSN, to copy into the apps now. */
interface NewDsn {
  message: string;
  dsn: string;
}

function fieldError(error: Error | null, field: string): string | null {
  if (!(error instanceof ApiRequestError)) return null;
  return error.fields[field]?.join(" ") ?? null;
}

/** The error nothing else shows: one without field errors, or one on a field the form has no control for. */
function formError(error: Error | null, fields: string[]): string | null {
  if (!error) return null;
  if (!(error instanceof ApiRequestError)) return error.message;
  const others = Object.entries(error.fields).filter(([field]) => !fields.includes(field));
  if (Object.keys(error.fields).length === 0) return error.message;
  return others.length ? others.map(([, messages]) => messages.join(" ")).join(" ") : null;
}

function describedBy(id: string, error: string | null, hint = false) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined };
}

/** The rate limit field's text as the API takes it: empty is no limit. */
function rateLimitValue(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

function rateLimitText(limit: number | null): string {
  return limit === null ? "no rate limit" : `${limit.toLocaleString("en-US")} events/min`;
}

function DsnField({ dsn, what, id }: { dsn: string; what: string; id: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input id={id} readOnly value={dsn} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 basis-64 font-mono text-xs" />
      <CopyButton value={dsn} what={what} label="Copy DSN" variant="primary" />
    </div>
  );
}

function NewDsnNotice({ notice, onDone }: { notice: NewDsn; onDone: () => void }) {
  return (
    <div role="status" className="space-y-2 rounded-lg border border-success/30 bg-success-soft p-3 text-sm">
      <p className="font-medium text-fg">{notice.message}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Input readOnly aria-label="New DSN" value={notice.dsn} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 basis-64 font-mono text-xs" />
        <CopyButton value={notice.dsn} what="new DSN" label="Copy DSN" variant="primary" />
        <Button size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function KeyForm({
  idPrefix,
  initial,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  initial: { label: string; rateLimit: string };
  pending: boolean;
  error: Error | null;
  submitLabel: string;
  onSubmit: (values: { label: string; rateLimitPerMinute: number | null }) => void;
  onCancel?: () => void;
}) {
  const [label, setLabel] = useState(initial.label);
  const [rateLimit, setRateLimit] = useState(initial.rateLimit);
  const labelError = fieldError(error, "label");
  const limitError = fieldError(error, "rateLimitPerMinute");
  const other = formError(error, ["label", "rateLimitPerMinute"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ label, rateLimitPerMinute: rateLimitValue(rateLimit) });
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={submitLabel}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${idPrefix}-label`} label="Label" error={labelError} hint="Which app or environment uses it.">
          <Input
            {...describedBy(`${idPrefix}-label`, labelError, true)}
            className="block w-full"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            required
            maxLength={LABEL_MAX}
            placeholder="Browser app"
          />
        </Field>
        <Field id={`${idPrefix}-rate-limit`} label="Rate limit (events per minute)" error={limitError} hint="Empty: no limit of its own.">
          <Input
            {...describedBy(`${idPrefix}-rate-limit`, limitError, true)}
            className="block w-full"
            type="number"
            inputMode="numeric"
            min={1}
            max={RATE_LIMIT_MAX}
            step={1}
            value={rateLimit}
            onChange={(e) => setRateLimit(e.target.value)}
            placeholder="No limit"
          />
        </Field>
      </div>
      {other ? (
        <p role="alert" className="text-xs text-danger">
          {other}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" size="sm" pending={pending}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button size="sm" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function RotateDialog({ keyView, open, pending, error, onConfirm, onClose }: { keyView: ProjectKeyView; open: boolean; pending: boolean; error: Error | null; onConfirm: () => void; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      title={`Rotate the key “${keyView.label}”?`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" pending={pending} onClick={onConfirm}>
            Rotate key
          </Button>
        </>
      }
    >
      <p>
        Tether makes a new key with the same label and rate limit, and <strong className="text-fg">disables this one immediately</strong>: from that moment, apps still
        sending with its DSN are refused and their events are lost.
      </p>
      <p>Give every app that uses it the new DSN right away. Rotate when a DSN has leaked or is abused; to move apps over gradually, add a second key instead and disable the old one later.</p>
      {error ? (
        <p role="alert" className="text-danger">
          Could not rotate the key: {error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

function KeyRow({ base, keyView, canEdit, onNewDsn }: { base: string; keyView: ProjectKeyView; canEdit: boolean; onNewDsn: (notice: NewDsn) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["project-keys", base] });
  const update = useMutation({
    mutationFn: (changes: { label?: string; rateLimitPerMinute?: number | null; isActive?: boolean }) =>
      apiRequest<ProjectKeyView>(`${base}/${keyView.id}`, { method: "PATCH", body: changes }),
    onSuccess: (updated, changes) => {
      if (changes.isActive === false) toast.show(`Key “${updated.label}” disabled: its DSN is refused until you enable it`);
      else if (changes.isActive === true) toast.show(`Key “${updated.label}” enabled`);
      else {
        setEditing(false);
        toast.show(`Key “${updated.label}” saved`);
      }
      return refresh();
    },
    onError: (error, changes) => {
      if (changes.isActive !== undefined) toast.show(`Could not ${changes.isActive ? "enable" : "disable"} the key: ${error.message}`, "error");
    },
  });
  const rotate = useMutation({
    mutationFn: () => apiRequest<{ key: ProjectKeyView }>(`${base}/${keyView.id}/rotate`, { method: "POST" }),
    onSuccess: ({ key }) => {
      setConfirmRotate(false);
      toast.show(`Key “${key.label}” rotated: the old DSN no longer works`);
      onNewDsn({ message: `Key “${key.label}” rotated. The old DSN stopped working: put this one in every app that used it.`, dsn: key.dsn });
      return refresh();
    },
  });
  const editError = update.variables?.isActive === undefined ? update.error : null;
  return (
    <li className="space-y-2 py-3" aria-label={`Key ${keyView.label}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="font-medium break-all text-fg">{keyView.label}</span>
          {keyView.isActive ? <Badge tone="success">active</Badge> : <Badge>disabled</Badge>}
          <code title={keyView.publicKey} className="font-mono text-xs text-fg-subtle">
            {keyView.publicKey.slice(0, 8)}…
          </code>
        </div>
        {canEdit && !editing ? (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" aria-label={`Edit ${keyView.label}`} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              size="sm"
              pending={update.isPending && update.variables?.isActive !== undefined}
              aria-label={`${keyView.isActive ? "Disable" : "Enable"} ${keyView.label}`}
              onClick={() => update.mutate({ isActive: !keyView.isActive })}
            >
              {keyView.isActive ? "Disable" : "Enable"}
            </Button>
            {/* A disabled key's DSN already works nowhere: there is nothing to rotate away from. */}
            {keyView.isActive ? (
              <Button variant="danger" size="sm" aria-label={`Rotate ${keyView.label}`} onClick={() => setConfirmRotate(true)}>
                Rotate
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="flex min-w-0 items-start gap-2">
        <code aria-label={`DSN of ${keyView.label}`} className={`min-w-0 flex-1 font-mono text-xs break-all ${keyView.isActive ? "text-fg" : "text-fg-subtle line-through"}`}>
          {keyView.dsn}
        </code>
        <CopyButton value={keyView.dsn} what={`DSN of “${keyView.label}”`} variant="ghost" className="shrink-0" />
      </div>
      <p className="text-xs text-fg-subtle">
        Created <RelativeTime iso={keyView.createdAt} /> · last used {keyView.lastUsedAt ? <RelativeTime iso={keyView.lastUsedAt} /> : "never"} · {rateLimitText(keyView.rateLimitPerMinute)}
      </p>
      {editing ? (
        <div className="rounded-md border border-line bg-surface-muted p-3">
          <KeyForm
            idPrefix={`key-${keyView.id}`}
            initial={{ label: keyView.label, rateLimit: keyView.rateLimitPerMinute === null ? "" : String(keyView.rateLimitPerMinute) }}
            pending={update.isPending}
            error={editError}
            submitLabel="Save key"
            onSubmit={(values) => update.mutate(values)}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
          />
        </div>
      ) : null}
      {canEdit ? (
        <RotateDialog
          keyView={keyView}
          open={confirmRotate}
          pending={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate()}
          onClose={() => {
            rotate.reset();
            setConfirmRotate(false);
          }}
        />
      ) : null}
    </li>
  );
}

function AddKeyForm({ base, onNewDsn }: { base: string; onNewDsn: (notice: NewDsn) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  // Remounting the form clears it after a key is added.
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (values: { label: string; rateLimitPerMinute: number | null }) => apiRequest<ProjectKeyView>(base, { method: "POST", body: values }),
    onSuccess: (key) => {
      setFormKey((n) => n + 1);
      toast.show(`Key “${key.label}” added`);
      onNewDsn({ message: `Key “${key.label}” added. Its DSN works now, next to the project's other keys:`, dsn: key.dsn });
      return queryClient.invalidateQueries({ queryKey: ["project-keys", base] });
    },
  });
  return (
    <section aria-labelledby="add-key-heading" className="mt-4 space-y-3 border-t border-line pt-4">
      <h3 id="add-key-heading" className="text-sm font-medium text-fg">
        Add a key
      </h3>
      <p className="text-xs text-fg-muted">One key per app or environment lets you cut one off (or limit it) without touching the others.</p>
      <KeyForm key={formKey} idPrefix="new-key" initial={{ label: "", rateLimit: "" }} pending={create.isPending} error={create.error} submitLabel="Add key" onSubmit={(values) => create.mutate(values)} />
    </section>
  );
}

function LoadingKeys() {
  return (
    <div aria-busy="true" aria-label="Loading client keys" className="space-y-3">
      <Skeleton className="h-8 w-full" />
      <Skeleton className="h-4 w-2/3" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}

/**
 * A project's DSN with SDK set-up, and its client keys: every member sees them (apps need the
 * DSN); owners and admins add, edit, disable and rotate keys.
 */
export function ProjectKeysManager({ orgSlug, projectSlug, canEdit }: { orgSlug: string; projectSlug: string; canEdit: boolean }) {
  const base = `/api/v1/projects/${orgSlug}/${projectSlug}/keys`;
  const query = useQuery({ queryKey: ["project-keys", base], queryFn: () => apiRequest<KeysAnswer>(base) });
  const [notice, setNotice] = useState<NewDsn | null>(null);
  const keys = query.data?.keys ?? [];
  const primary = keys.find((key) => key.isActive);
  return (
    <>
      <Panel
        className="scroll-mt-4"
        title={
          <span id="dsn" className="scroll-mt-20">
            DSN and SDK set-up
          </span>
        }
        description="Apps report errors here through an official Sentry SDK (Node, browser, Python and others): an app that already uses Sentry only needs this DSN."
      >
        {query.isPending ? (
          <LoadingKeys />
        ) : query.isError ? (
          <QueryError what="the project's DSN" error={query.error} onRetry={() => void query.refetch()} />
        ) : primary ? (
          <div className="space-y-4">
            <div className="space-y-1">
              <label htmlFor="project-dsn" className="block text-sm font-medium text-fg">
                DSN{keys.filter((key) => key.isActive).length > 1 ? ` (key “${primary.label}”)` : ""}
              </label>
              <DsnField id="project-dsn" dsn={primary.dsn} what="DSN" />
            </div>
            <SdkSetup dsn={primary.dsn} />
          </div>
        ) : (
          <div role="alert" className="rounded-md border border-warning/30 bg-warning-soft p-3 text-sm text-warning">
            {keys.length === 0 ? "This project has no client key, so it has no DSN yet." : "Every key of this project is disabled: SDKs sending to it are refused."}{" "}
            {canEdit ? (keys.length === 0 ? "Add a key below." : "Enable a key or add one below.") : "Ask an owner or admin to add or enable one."}
          </div>
        )}
      </Panel>
      <Panel title={<span id="client-keys-heading">Client keys</span>} description="Each key is the public part of a DSN. A disabled key's events are refused; a rate limit caps the events it may send per minute.">
        {query.isPending ? (
          <LoadingKeys />
        ) : query.isError ? (
          <QueryError what="the client keys" error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <>
            {notice ? <NewDsnNotice notice={notice} onDone={() => setNotice(null)} /> : null}
            {keys.length === 0 ? (
              <p className="text-sm text-fg-muted">No client keys yet.{canEdit ? " Add one below to get a DSN." : ""}</p>
            ) : (
              <ul aria-labelledby="client-keys-heading" className="divide-y divide-line">
                {keys.map((key) => (
                  <KeyRow key={key.id} base={base} keyView={key} canEdit={canEdit} onNewDsn={setNotice} />
                ))}
              </ul>
            )}
            {canEdit ? <AddKeyForm base={base} onNewDsn={setNotice} /> : <p className="mt-3 text-xs text-fg-subtle">Only owners and admins can add, edit, disable or rotate keys.</p>}
          </>
        )}
      </Panel>
    </>
  );
}
