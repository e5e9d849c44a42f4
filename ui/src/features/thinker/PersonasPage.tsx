// Thinker → Personas: who an article speaks to and how; the writer injects the
// task's persona (or the default one) into its prompts. Editors manage them.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Pencil, Trash2, UserRound } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { FormModal } from "@/components/FormModal";
import { Can } from "@/components/ActionButtons";
import { Badge } from "@/components/ui/Badge";
import { Button, IconButton } from "@/components/ui/Button";
import { Field, Input, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { fieldMessages } from "@/lib/errors";
import { deletePersona, lines, listPersonas, savePersona, thinkerKeys, type Persona } from "./api";
import { ThinkerTabs } from "./ThinkerTabs";

export function PersonasPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canEdit = useCan("editor");
  const q = useQuery({ queryKey: thinkerKeys.personas(ws.id), queryFn: ({ signal }) => listPersonas(ws.id, signal) });
  const [editing, setEditing] = useState<Persona | "new" | null>(null);
  const [removing, setRemoving] = useState<Persona | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: thinkerKeys.personas(ws.id) });
  const items = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Personas"
        description="Who an article speaks to and how: audience, voice, tone, dos and don'ts."
        actions={
          <Can min="editor">
            <Button onClick={() => setEditing("new")}>
              <Plus className="size-4" aria-hidden="true" /> New persona
            </Button>
          </Can>
        }
      />
      <ThinkerTabs />
      {q.isPending ? (
        <PageLoading label="Loading personas" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<UserRound className="size-8" aria-hidden="true" />}
          title="No personas yet"
          body="A persona gives every article the same audience and voice. Mark one as the default for tasks without a persona."
          action={canEdit && <Button onClick={() => setEditing("new")}>New persona</Button>}
        />
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2" aria-label="Personas">
          {items.map((p) => (
            <li key={p.id}>
              <article className="h-full rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" aria-labelledby={`persona-${p.id}`}>
                <div className="flex items-start justify-between gap-2">
                  <h2 id={`persona-${p.id}`} className="min-w-0 text-base font-semibold break-words">
                    {p.name} {p.is_default && <Badge tone="green">Default</Badge>}
                  </h2>
                  <Can min="editor">
                    <div className="flex shrink-0 gap-1">
                      <IconButton label={`Edit ${p.name}`} size="sm" onClick={() => setEditing(p)}>
                        <Pencil className="size-4" aria-hidden="true" />
                      </IconButton>
                      <IconButton label={`Delete ${p.name}`} size="sm" onClick={() => setRemoving(p)}>
                        <Trash2 className="size-4" aria-hidden="true" />
                      </IconButton>
                    </div>
                  </Can>
                </div>
                <dl className="mt-2 space-y-1 text-sm">
                  {p.audience && (
                    <div>
                      <dt className="inline font-medium">Audience: </dt>
                      <dd className="inline break-words text-gray-700 dark:text-gray-300">{p.audience}</dd>
                    </div>
                  )}
                  {p.tone && (
                    <div>
                      <dt className="inline font-medium">Tone: </dt>
                      <dd className="inline text-gray-700 dark:text-gray-300">{p.tone}</dd>
                    </div>
                  )}
                  {p.voice && (
                    <div>
                      <dt className="inline font-medium">Voice: </dt>
                      <dd className="inline break-words text-gray-700 dark:text-gray-300">{p.voice}</dd>
                    </div>
                  )}
                </dl>
              </article>
            </li>
          ))}
        </ul>
      )}
      {editing && <PersonaForm persona={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Delete the persona “${removing?.name ?? ""}”?`}
        body="Tasks that use it are written without a persona (or with the default one)."
        confirmLabel={`Delete ${removing?.name ?? "persona"}`}
        destructive
        onConfirm={async () => {
          if (!removing) return;
          await deletePersona(removing.id);
          toast.success(`Persona “${removing.name}” deleted`);
          await refresh();
        }}
      />
    </>
  );
}

function PersonaForm({ persona, onClose, onSaved }: { persona: Persona | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const ws = useWorkspace();
  const [v, setV] = useState({
    name: persona?.name ?? "",
    audience: persona?.audience ?? "",
    voice: persona?.voice ?? "",
    tone: persona?.tone ?? "",
    dos: (persona?.dos ?? []).join("\n"),
    donts: (persona?.donts ?? []).join("\n"),
    is_default: persona?.is_default ?? false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => savePersona(ws.id, persona?.id ?? null, { ...v, dos: lines(v.dos), donts: lines(v.donts) }),
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  return (
    <FormModal
      open
      onOpenChange={(o) => !o && onClose()}
      title={persona ? `Edit ${persona.name}` : "New persona"}
      submitLabel={persona ? "Save persona" : "Create persona"}
      onSubmit={async () => {
        setErrors({});
        try {
          await save.mutateAsync();
        } catch (err) {
          setErrors(fieldMessages(err));
          throw err;
        }
        toast.success(persona ? "Persona saved" : `Persona “${v.name}” created`);
        await onSaved();
      }}
    >
      <Field label="Name" error={errors.name}>
        {(p) => <Input {...p} value={v.name} onChange={set("name")} required maxLength={120} />}
      </Field>
      <Field label="Audience" error={errors.audience} hint="Who reads these articles.">
        {(p) => <Textarea {...p} rows={2} value={v.audience} onChange={set("audience")} maxLength={2000} />}
      </Field>
      <Field label="Voice" error={errors.voice}>
        {(p) => <Textarea {...p} rows={2} value={v.voice} onChange={set("voice")} maxLength={2000} />}
      </Field>
      <Field label="Tone" error={errors.tone}>
        {(p) => <Input {...p} value={v.tone} onChange={set("tone")} maxLength={200} />}
      </Field>
      <Field label="Do (one per line)" error={errors.dos}>
        {(p) => <Textarea {...p} rows={3} value={v.dos} onChange={set("dos")} />}
      </Field>
      <Field label="Don't (one per line)" error={errors.donts}>
        {(p) => <Textarea {...p} rows={3} value={v.donts} onChange={set("donts")} />}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4" checked={v.is_default} onChange={(e) => setV((s) => ({ ...s, is_default: e.target.checked }))} />
        The default persona (for tasks without one)
      </label>
    </FormModal>
  );
}
