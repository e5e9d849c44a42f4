// Settings: the workspace's name and address (owners), its own AI key (owners set
// it, write-only; admins see it masked), the default model per task (admins), and
// the danger zone (owners delete the workspace after typing its name, export first).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { PageError, PageLoading } from "@/components/States";
import { Dialog } from "@/components/ui/Dialog";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Input, Select } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace, workspacesKey } from "@/hooks/useWorkspace";
import { describeError, fieldMessages } from "@/lib/errors";
import { deleteWorkspace, getAIKey, getModels, renameWorkspace, setAIKey, setModels, settingsKeys, taskLabels } from "./api";
import { ExportPanel } from "@/features/billing/ExportPanel";

const card = "rounded-xl border border-gray-200 bg-white p-4 sm:p-6 dark:border-gray-800 dark:bg-gray-900";

function problem(err: unknown) {
  const d = describeError(err);
  return d.hint ? `${d.title} ${d.hint}` : d.title;
}

export function SettingsPage() {
  const isAdmin = useCan("admin");
  const isOwner = useCan("owner");
  return (
    <>
      <PageHeader title="Settings" description="The workspace's name and address, its AI key and models." />
      <div className="max-w-3xl space-y-6">
        <GeneralSection canEdit={isOwner} />
        {isAdmin && <AIKeySection canEdit={isOwner} />}
        <ModelsSection canEdit={isAdmin} />
        {isOwner && <DangerZone />}
      </div>
    </>
  );
}

function GeneralSection({ canEdit }: { canEdit: boolean }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(ws.name);
  const [slug, setSlug] = useState(ws.slug);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const save = useMutation({
    mutationFn: () => renameWorkspace(ws.id, { name, slug }),
    onMutate: () => {
      setErrors({});
      setFormError("");
    },
    onSuccess: async (r) => {
      toast.success("Workspace settings saved");
      await qc.invalidateQueries({ queryKey: workspacesKey });
      if (r.slug !== ws.slug) navigate(`/t/${r.slug}/settings`, { replace: true });
    },
    onError: (err) => {
      const f = fieldMessages(err);
      setErrors(f);
      if (!f.name && !f.slug) setFormError(problem(err));
    },
  });
  return (
    <section aria-labelledby="general-title" className={card}>
      <h2 id="general-title" className="text-lg font-semibold">
        Workspace
      </h2>
      <form
        className="mt-4 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {formError && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
            {formError}
          </p>
        )}
        <Field label="Name" error={errors.name}>
          {(p) => <Input {...p} value={name} readOnly={!canEdit} onChange={(e) => setName(e.target.value)} maxLength={120} required />}
        </Field>
        <Field label="Address" error={errors.slug} hint={`The workspace's links: /t/${slug || "…"}/. Old links stop working when it changes.`}>
          {(p) => <Input {...p} value={slug} readOnly={!canEdit} onChange={(e) => setSlug(e.target.value.toLowerCase())} maxLength={80} required />}
        </Field>
        {canEdit ? (
          <Button type="submit" loading={save.isPending} disabled={name === ws.name && slug === ws.slug}>
            Save workspace
          </Button>
        ) : (
          <p className="text-sm text-gray-600 dark:text-gray-400">Only owners rename the workspace.</p>
        )}
      </form>
    </section>
  );
}

function AIKeySection({ canEdit }: { canEdit: boolean }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: settingsKeys.aiKey(ws.id), queryFn: ({ signal }) => getAIKey(ws.id, signal) });
  const [key, setKey] = useState("");
  const [error, setError] = useState("");
  const [confirmRemove, setConfirmRemove] = useState(false);
  const save = useMutation({
    mutationFn: (k: string) => setAIKey(ws.id, k),
    onMutate: () => setError(""),
    onSuccess: async (r) => {
      setKey("");
      toast.success(r.ai_key_set ? "The workspace's AI key is set" : "The workspace's AI key is removed");
      await qc.invalidateQueries({ queryKey: settingsKeys.aiKey(ws.id) });
      await qc.invalidateQueries({ queryKey: settingsKeys.models(ws.id) });
    },
    onError: (err) => setError(fieldMessages(err).key ?? problem(err)),
  });
  return (
    <section aria-labelledby="aikey-title" className={card}>
      <h2 id="aikey-title" className="text-lg font-semibold">
        AI key
      </h2>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
        The workspace's own OpenAI-compatible key: its AI calls use it instead of the server's. Stored encrypted; nobody can read it back.
      </p>
      {q.isPending ? (
        <PageLoading label="Loading the AI key" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="mt-4 space-y-4">
          <p className="text-sm" data-testid="ai-key-state">
            {q.data.ai_key_set ? (
              <>
                <Badge tone="green">Set</Badge> <code className="font-mono">{q.data.masked}</code>
              </>
            ) : (
              <>
                <Badge>Not set</Badge> The server's own key (or the offline dev provider) answers.
              </>
            )}
          </p>
          {canEdit ? (
            <form
              className="flex flex-col gap-2 sm:flex-row sm:items-end"
              onSubmit={(e) => {
                e.preventDefault();
                if (key.trim()) save.mutate(key.trim());
              }}
            >
              <Field label={q.data.ai_key_set ? "Replace the key" : "Key"} error={error} className="min-w-0 flex-1">
                {(p) => <Input {...p} type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} placeholder="sk-…" maxLength={500} />}
              </Field>
              <Button type="submit" loading={save.isPending && !!key} disabled={!key.trim()}>
                Save key
              </Button>
              {q.data.ai_key_set && (
                <Button variant="secondary" onClick={() => setConfirmRemove(true)}>
                  Remove key
                </Button>
              )}
            </form>
          ) : (
            <p className="text-sm text-gray-600 dark:text-gray-400">Only owners set the key.</p>
          )}
        </div>
      )}
      <Dialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        role="alert"
        title="Remove the workspace's AI key?"
        description="The workspace's AI calls go back to the server's key."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmRemove(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirmRemove(false);
                save.mutate("");
              }}
            >
              Remove the key
            </Button>
          </>
        }
      />
    </section>
  );
}

function ModelsSection({ canEdit }: { canEdit: boolean }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: settingsKeys.models(ws.id), queryFn: ({ signal }) => getModels(ws.id, signal) });
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => setModels(ws.id, draft),
    onMutate: () => setErrors({}),
    onSuccess: (r) => {
      qc.setQueryData(settingsKeys.models(ws.id), r);
      setDraft({});
      toast.success("Default models saved");
    },
    onError: (err) => {
      const f = fieldMessages(err);
      setErrors(Object.keys(f).length ? f : { _: problem(err) });
    },
  });
  return (
    <section aria-labelledby="models-title" className={card}>
      <h2 id="models-title" className="text-lg font-semibold">
        Default models
      </h2>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">Which of the server's models each step tries first; the others stay as fallbacks.</p>
      {q.isPending ? (
        <PageLoading label="Loading models" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <form
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          {q.data.offline && (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
              No AI key is configured, so the offline dev provider answers every step. The choices below apply once a key is set.
            </p>
          )}
          {errors._ && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {errors._}
            </p>
          )}
          <div className="grid gap-3 sm:grid-cols-2">
            {q.data.items.map((row) => (
              <Field key={row.task} label={taskLabels[row.task] ?? row.task} error={errors[row.task]}>
                {(p) => (
                  <Select {...p} disabled={!canEdit || row.choices.length === 0} value={draft[row.task] ?? row.model} onChange={(e) => setDraft((d) => ({ ...d, [row.task]: e.target.value }))}>
                    <option value="">The server's order{row.choices[0] ? ` (${row.choices[0].label || row.choices[0].name})` : ""}</option>
                    {row.choices.map((m) => (
                      <option key={m.name} value={m.name}>
                        {m.label || m.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            ))}
          </div>
          {canEdit && (
            <Button type="submit" loading={save.isPending} disabled={Object.keys(draft).length === 0}>
              Save models
            </Button>
          )}
        </form>
      )}
    </section>
  );
}

function DangerZone() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState("");
  const del = useMutation({
    mutationFn: () => deleteWorkspace(ws.id, typed),
    onMutate: () => setError(""),
    onSuccess: async () => {
      setOpen(false);
      toast.success(`Workspace “${ws.name}” deleted`);
      await qc.invalidateQueries({ queryKey: workspacesKey });
      navigate("/", { replace: true });
    },
    onError: (err) => setError(fieldMessages(err).confirm ?? problem(err)),
  });
  return (
    <section aria-labelledby="danger-title" className="rounded-xl border border-red-300 bg-white p-4 sm:p-6 dark:border-red-900 dark:bg-gray-900">
      <h2 id="danger-title" className="text-lg font-semibold text-red-800 dark:text-red-300">
        Danger zone
      </h2>
      <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">
        Deleting the workspace stops its schedules and jobs, cancels its subscription and deletes its sites, keywords, articles and images here (posts already on WordPress stay). It cannot be undone.
      </p>
      <div className="mt-4" data-testid="export-first">
        <ExportPanel tenant={ws.id} canExport title="Export the workspace first" />
      </div>
      <Button variant="danger" className="mt-4" onClick={() => setOpen(true)}>
        Delete this workspace
      </Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          if (!del.isPending) {
            setOpen(o);
            setTyped("");
            setError("");
          }
        }}
        role="alert"
        title={`Delete “${ws.name}”?`}
        description="Type the workspace's name to confirm. Everything in it is deleted."
        footer={
          <>
            <Button variant="secondary" disabled={del.isPending} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={del.isPending} disabled={typed.trim() !== ws.name} onClick={() => del.mutate()}>
              Delete {ws.name}
            </Button>
          </>
        }
      >
        <Field label={`Type ${ws.name}`} error={error}>
          {(p) => <Input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" data-testid="delete-confirm" />}
        </Field>
      </Dialog>
    </section>
  );
}
