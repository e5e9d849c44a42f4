// Thinker → Playground: fill a prompt's variables, run it against a model and see the
// output, tokens and credits; two panes side by side compare two prompts (another
// type, or the system default against the workspace's override). Each run costs
// what the cost table says (shown before the click).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Button } from "@/components/ui/Button";
import { Field, Input, Select, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { describeError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";
import { CostPreview, shortReason, useBalance } from "@/features/planner/CostPreview";
import { tenantKey } from "@/app/shellApi";
import { listTextModels, lines, promptLabels, runPlayground, thinkerKeys, type PlaygroundRun, type PromptView } from "./api";
import { usePrompts } from "./PromptsPage";
import { ThinkerTabs } from "./ThinkerTabs";

/** One playground run costs one credit (thinker.PlaygroundCredits, priced like a reparse). */
const RUN_CREDITS = 1;

export function PlaygroundPage() {
  const ws = useWorkspace();
  const canRun = useCan("editor");
  const prompts = usePrompts(ws.id);
  const [params] = useSearchParams();
  if (prompts.isPending) return <PageLoading label="Loading prompts" />;
  if (prompts.isError) return <PageError error={prompts.error} onRetry={() => void prompts.refetch()} />;
  const first = params.get("type") ?? prompts.data[0]?.type ?? "";
  return (
    <>
      <PageHeader title="Playground" description="Run a prompt with sample variables and compare two side by side. Each run costs 1 credit." />
      <ThinkerTabs />
      {!canRun ? (
        <EmptyState title="Editors and up run the playground" body="Viewers can read the prompts; ask an editor or admin of the workspace." />
      ) : prompts.data.length === 0 ? (
        <EmptyState title="No prompts on this server" />
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          <Pane label="A" prompts={prompts.data} initialType={first} initialSource="workspace" />
          <Pane label="B" prompts={prompts.data} initialType={first} initialSource="default" />
        </div>
      )}
    </>
  );
}

function sampleValue(kind: string): string {
  return kind === "number" ? "3" : "";
}

function Pane({ label, prompts, initialType, initialSource }: { label: string; prompts: PromptView[]; initialType: string; initialSource: "workspace" | "default" }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const balance = useBalance(ws.id);
  const models = useQuery({ queryKey: thinkerKeys.models, queryFn: ({ signal }) => listTextModels(signal), staleTime: 10 * 60_000 });
  const [type, setType] = useState(initialType);
  const [source, setSource] = useState(initialSource);
  const [model, setModel] = useState("");
  const [vars, setVars] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const p = prompts.find((x) => x.type === type) ?? prompts[0]!;
  const run = useMutation({
    mutationFn: () => {
      const v: Record<string, unknown> = {};
      for (const x of p.variables) {
        const raw = vars[`${p.type}.${x.name}`] ?? sampleValue(x.kind);
        v[x.name] = x.kind === "list" ? lines(raw) : x.kind === "number" ? Number(raw) || 0 : raw;
      }
      return runPlayground({ tenant: ws.id, type: p.type, vars: v, model: model || undefined, source });
    },
    onMutate: () => setError(""),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tenantKey(ws.id) }),
    onError: (err) => {
      const d = describeError(err);
      setError(d.hint ? `${d.title} ${d.hint}` : d.title);
      toast.error(`Run ${label} failed`, { body: d.title });
    },
  });
  const reason = shortReason({ need: RUN_CREDITS, balance });
  const id = `pane-${label}`;
  return (
    <section aria-labelledby={`${id}-title`} className="min-w-0 rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" data-testid={`playground-${label}`}>
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Prompt {label}
      </h2>
      <form
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason) run.mutate();
        }}
      >
        <div className="grid gap-3 sm:grid-cols-3 xl:grid-cols-1 2xl:grid-cols-3">
          <Field label="Prompt">
            {(f) => (
              <Select {...f} value={p.type} onChange={(e) => setType(e.target.value)}>
                {prompts.map((x) => (
                  <option key={x.type} value={x.type}>
                    {promptLabels[x.type] ?? x.type}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Version">
            {(f) => (
              <Select {...f} value={source} onChange={(e) => setSource(e.target.value as "workspace" | "default")}>
                <option value="workspace">{p.overridden ? "Workspace override" : "Current (system default)"}</option>
                <option value="default">System default</option>
              </Select>
            )}
          </Field>
          <Field label="Model">
            {(f) => (
              <Select {...f} value={model} onChange={(e) => setModel(e.target.value)}>
                <option value="">The workspace's default</option>
                {(models.data ?? []).map((m) => (
                  <option key={m.id} value={m.name}>
                    {m.label || m.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Variables</legend>
          {p.variables.map((x) => {
            const key = `${p.type}.${x.name}`;
            const value = vars[key] ?? sampleValue(x.kind);
            const set = (val: string) => setVars((s) => ({ ...s, [key]: val }));
            return (
              <Field key={key} label={x.name} hint={x.kind === "list" ? `${x.help} (one per line)` : x.help}>
                {(f) =>
                  x.kind === "list" ? (
                    <Textarea {...f} rows={2} value={value} onChange={(e) => set(e.target.value)} />
                  ) : (
                    <Input {...f} type={x.kind === "number" ? "number" : "text"} value={value} onChange={(e) => set(e.target.value)} />
                  )
                }
              </Field>
            );
          })}
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" loading={run.isPending} disabled={!!reason}>
            Run prompt {label}
          </Button>
          <CostPreview need={RUN_CREDITS} balance={balance} slug={ws.slug} />
        </div>
      </form>
      {error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
          {error}
        </p>
      )}
      {run.data && <Result run={run.data} />}
    </section>
  );
}

function Result({ run }: { run: PlaygroundRun }) {
  return (
    <div className="mt-4 space-y-3" data-testid="playground-result">
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Model</dt>
          <dd className="font-medium break-words">{run.model}</dd>
        </div>
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Tokens in / out</dt>
          <dd className="font-medium tabular-nums">
            {formatNumber(run.tokens_in)} / {formatNumber(run.tokens_out)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Credits</dt>
          <dd className="font-medium tabular-nums">{run.credits_charged}</dd>
        </div>
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Cost</dt>
          <dd className="font-medium tabular-nums">${run.cost_usd.toFixed(4)}</dd>
        </div>
      </dl>
      {run.truncated && <p className="text-sm text-amber-800 dark:text-amber-300">The answer was cut off at the token limit.</p>}
      <div>
        <h3 className="text-sm font-semibold">Output</h3>
        <pre className="mt-1 max-h-96 overflow-auto rounded-lg bg-gray-50 p-3 text-xs break-words whitespace-pre-wrap dark:bg-gray-950" data-testid="playground-output">
          {run.output}
        </pre>
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium">The prompt as sent</summary>
        {run.system && <pre className="mt-1 text-xs break-words whitespace-pre-wrap text-gray-700 dark:text-gray-300">{run.system}</pre>}
        <pre className="mt-1 border-t border-gray-200 pt-1 text-xs break-words whitespace-pre-wrap text-gray-700 dark:border-gray-800 dark:text-gray-300">{run.user}</pre>
      </details>
    </div>
  );
}
