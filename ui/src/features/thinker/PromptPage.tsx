// Thinker → one prompt: its variables, the workspace's template and system message
// (admins edit; the server checks the template on save and its message shows at the
// field), the system default beside it, and reset to the default (confirmed).
import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { describeError, fieldMessages } from "@/lib/errors";
import { promptLabels, resetPrompt, savePrompt, thinkerKeys, type PromptView } from "./api";
import { usePrompts } from "./PromptsPage";
import { ThinkerTabs } from "./ThinkerTabs";

export function PromptPage() {
  const ws = useWorkspace();
  const { type = "" } = useParams();
  const q = usePrompts(ws.id);
  if (q.isPending) return <PageLoading label="Loading the prompt" />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const p = q.data.find((x) => x.type === type);
  if (!p) {
    return (
      <>
        <PageHeader title="Prompt" />
        <EmptyState
          title={`No prompt of type “${type}”`}
          action={
            <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/thinker/prompts`}>
              All prompts
            </Link>
          }
        />
      </>
    );
  }
  return <PromptEditor key={p.id + p.template} prompt={p} />;
}

function PromptEditor({ prompt: p }: { prompt: PromptView }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canEdit = useCan("admin");
  const [template, setTemplate] = useState(p.template);
  const [system, setSystem] = useState(p.system);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [confirmReset, setConfirmReset] = useState(false);
  useEffect(() => setErrors({}), [template, system]);
  const dirty = template !== p.template || system !== p.system;
  const save = useMutation({
    mutationFn: () => savePrompt(ws.id, p.type, { template, system }),
    onSuccess: async () => {
      setFormError("");
      toast.success(`${promptLabels[p.type] ?? p.type}: the workspace's override is saved`);
      await qc.invalidateQueries({ queryKey: thinkerKeys.prompts(ws.id) });
    },
    onError: (err) => {
      const f = fieldMessages(err);
      setErrors(f);
      if (!f.template && !f.system) {
        const d = describeError(err);
        setFormError(d.hint ? `${d.title} ${d.hint}` : d.title);
      } else setFormError("");
    },
  });
  const title = promptLabels[p.type] ?? p.type;
  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            <span className="font-mono">{p.type}</span> · {p.overridden ? <Badge tone="brand">Workspace override</Badge> : <Badge>System default</Badge>}
          </>
        }
        actions={
          <Link className="inline-flex h-10 items-center text-sm font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/thinker/playground?type=${p.type}`}>
            Try it in the playground
          </Link>
        }
      />
      <ThinkerTabs />
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <form
          className="min-w-0 space-y-4"
          aria-label={`Edit ${title}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (canEdit) save.mutate();
          }}
        >
          {formError && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
              {formError}
            </p>
          )}
          <Field label="Template (the user message)" error={errors.template} hint="Go template syntax: {{.Title}}, {{if .Tone}}…{{end}}, {{bullets .Keywords}}.">
            {(props) => (
              <Textarea {...props} rows={14} className="font-mono" value={template} readOnly={!canEdit} onChange={(e) => setTemplate(e.target.value)} spellCheck={false} />
            )}
          </Field>
          <Field label="System message" error={errors.system} hint="Optional. How the model should behave for this step.">
            {(props) => <Textarea {...props} rows={4} className="font-mono" value={system} readOnly={!canEdit} onChange={(e) => setSystem(e.target.value)} spellCheck={false} />}
          </Field>
          {canEdit && (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                Save override
              </Button>
              <Button variant="secondary" disabled={!dirty || save.isPending} onClick={() => { setTemplate(p.template); setSystem(p.system); setFormError(""); }}>
                Discard changes
              </Button>
              {p.overridden && (
                <Button variant="danger" className="sm:ml-auto" onClick={() => setConfirmReset(true)}>
                  Reset to default
                </Button>
              )}
            </div>
          )}
          {p.overridden && (
            <details className="rounded-xl border border-gray-200 p-4 dark:border-gray-800">
              <summary className="cursor-pointer text-sm font-medium">The system default</summary>
              <pre className="mt-2 text-xs break-words whitespace-pre-wrap text-gray-700 dark:text-gray-300">{p.default.template}</pre>
              {p.default.system && <pre className="mt-2 border-t border-gray-200 pt-2 text-xs break-words whitespace-pre-wrap text-gray-700 dark:border-gray-800 dark:text-gray-300">{p.default.system}</pre>}
            </details>
          )}
        </form>
        <aside aria-labelledby="vars-title" className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
          <h2 id="vars-title" className="text-sm font-semibold">
            Variables
          </h2>
          <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">What igny8 passes to this prompt; a template may use only these.</p>
          <ul className="mt-3 space-y-2" aria-label="Variables">
            {p.variables.map((v) => (
              <li key={v.name} className="text-sm">
                <code className="font-mono font-medium">{`{{.${v.name}}}`}</code> <span className="text-xs text-gray-600 dark:text-gray-400">({v.kind})</span>
                <span className="block text-xs text-gray-700 dark:text-gray-300">{v.help}</span>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-xs text-gray-600 dark:text-gray-400">
            Functions: <code>bullets</code>, <code>join</code>, <code>upper</code>, <code>lower</code>, <code>trim</code>, <code>default</code>.
          </p>
        </aside>
      </div>
      <ConfirmDialog
        open={confirmReset}
        onOpenChange={setConfirmReset}
        title={`Reset ${title} to the default?`}
        body="The workspace's override is deleted and igny8's system prompt applies again to every new job."
        confirmLabel={`Reset ${title}`}
        destructive
        onConfirm={async () => {
          await resetPrompt(ws.id, p.type);
          toast.success(`${title} is back to the system default`);
          await qc.invalidateQueries({ queryKey: thinkerKeys.prompts(ws.id) });
        }}
      />
    </>
  );
}
