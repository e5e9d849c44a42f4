// Thinker → Strategies: content rules the writer follows for every article of a
// site, or of the whole workspace (always an FAQ, never mention X, house rules).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Pencil, Trash2, ScrollText } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { FormModal } from "@/components/FormModal";
import { Can } from "@/components/ActionButtons";
import { Badge } from "@/components/ui/Badge";
import { Button, IconButton } from "@/components/ui/Button";
import { Field, Input, Select, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { fieldMessages } from "@/lib/errors";
import { listSites } from "@/features/planner/api";
import { deleteStrategy, lines, listStrategies, saveStrategy, thinkerKeys, type Strategy } from "./api";
import { ThinkerTabs } from "./ThinkerTabs";

type Row = Strategy & { expand?: { site?: { name: string } } };

export function StrategiesPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canEdit = useCan("editor");
  const q = useQuery({ queryKey: thinkerKeys.strategies(ws.id), queryFn: ({ signal }) => listStrategies(ws.id, signal) });
  const [editing, setEditing] = useState<Strategy | "new" | null>(null);
  const [removing, setRemoving] = useState<Strategy | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: thinkerKeys.strategies(ws.id) });
  const items = (q.data?.items ?? []) as Row[];
  return (
    <>
      <PageHeader
        title="Strategies"
        description="Rules the writer follows in every article of a site or of the whole workspace."
        actions={
          <Can min="editor">
            <Button onClick={() => setEditing("new")}>
              <Plus className="size-4" aria-hidden="true" /> New strategy
            </Button>
          </Can>
        }
      />
      <ThinkerTabs />
      {q.isPending ? (
        <PageLoading label="Loading strategies" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<ScrollText className="size-8" aria-hidden="true" />}
          title="No strategies yet"
          body="Add house rules: always end with an FAQ, never mention a competitor, cite sources."
          action={canEdit && <Button onClick={() => setEditing("new")}>New strategy</Button>}
        />
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2" aria-label="Strategies">
          {items.map((s) => (
            <li key={s.id}>
              <article className="h-full rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" aria-labelledby={`strategy-${s.id}`}>
                <div className="flex items-start justify-between gap-2">
                  <h2 id={`strategy-${s.id}`} className="min-w-0 text-base font-semibold break-words">
                    {s.name}
                  </h2>
                  <Can min="editor">
                    <div className="flex shrink-0 gap-1">
                      <IconButton label={`Edit ${s.name}`} size="sm" onClick={() => setEditing(s)}>
                        <Pencil className="size-4" aria-hidden="true" />
                      </IconButton>
                      <IconButton label={`Delete ${s.name}`} size="sm" onClick={() => setRemoving(s)}>
                        <Trash2 className="size-4" aria-hidden="true" />
                      </IconButton>
                    </div>
                  </Can>
                </div>
                <div className="mt-1 flex flex-wrap gap-1">
                  {s.active ? <Badge tone="green">Active</Badge> : <Badge>Off</Badge>}
                  <Badge>{s.expand?.site?.name ?? "Every site"}</Badge>
                  {s.always_faq && <Badge tone="brand">FAQ</Badge>}
                  {s.always_conclusion && <Badge tone="brand">Conclusion</Badge>}
                </div>
                {s.rules && <p className="mt-2 line-clamp-4 text-sm break-words whitespace-pre-line text-gray-700 dark:text-gray-300">{s.rules}</p>}
                {(s.never_mention ?? []).length > 0 && (
                  <p className="mt-2 text-xs text-gray-700 dark:text-gray-300">Never mention: {(s.never_mention ?? []).join(", ")}</p>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
      {editing && <StrategyForm strategy={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Delete the strategy “${removing?.name ?? ""}”?`}
        body="New articles no longer follow its rules."
        confirmLabel={`Delete ${removing?.name ?? "strategy"}`}
        destructive
        onConfirm={async () => {
          if (!removing) return;
          await deleteStrategy(removing.id);
          toast.success(`Strategy “${removing.name}” deleted`);
          await refresh();
        }}
      />
    </>
  );
}

function StrategyForm({ strategy, onClose, onSaved }: { strategy: Strategy | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const ws = useWorkspace();
  const sites = useQuery({ queryKey: [ws.id, "planner", "sites"], queryFn: ({ signal }) => listSites(ws.id, signal) });
  const [v, setV] = useState({
    name: strategy?.name ?? "",
    site: strategy?.site ?? "",
    rules: strategy?.rules ?? "",
    never: (strategy?.never_mention ?? []).join("\n"),
    always_faq: strategy?.always_faq ?? false,
    always_conclusion: strategy?.always_conclusion ?? false,
    active: strategy?.active ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      saveStrategy(ws.id, strategy?.id ?? null, {
        name: v.name,
        site: v.site,
        rules: v.rules,
        never_mention: lines(v.never),
        always_faq: v.always_faq,
        always_conclusion: v.always_conclusion,
        active: v.active,
      }),
  });
  const check = (k: "always_faq" | "always_conclusion" | "active", label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" className="size-4" checked={v[k]} onChange={(e) => setV((s) => ({ ...s, [k]: e.target.checked }))} />
      {label}
    </label>
  );
  return (
    <FormModal
      open
      onOpenChange={(o) => !o && onClose()}
      title={strategy ? `Edit ${strategy.name}` : "New strategy"}
      submitLabel={strategy ? "Save strategy" : "Create strategy"}
      onSubmit={async () => {
        setErrors({});
        try {
          await save.mutateAsync();
        } catch (err) {
          setErrors(fieldMessages(err));
          throw err;
        }
        toast.success(strategy ? "Strategy saved" : `Strategy “${v.name}” created`);
        await onSaved();
      }}
    >
      <Field label="Name" error={errors.name}>
        {(p) => <Input {...p} value={v.name} onChange={(e) => setV((s) => ({ ...s, name: e.target.value }))} required maxLength={120} />}
      </Field>
      <Field label="Applies to" error={errors.site}>
        {(p) => (
          <Select {...p} value={v.site} onChange={(e) => setV((s) => ({ ...s, site: e.target.value }))}>
            <option value="">Every site of the workspace</option>
            {(sites.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Rules" error={errors.rules} hint="Free-form rules added to the writer's prompts.">
        {(p) => <Textarea {...p} rows={5} value={v.rules} onChange={(e) => setV((s) => ({ ...s, rules: e.target.value }))} maxLength={10000} />}
      </Field>
      <Field label="Never mention (one per line)" error={errors.never_mention}>
        {(p) => <Textarea {...p} rows={3} value={v.never} onChange={(e) => setV((s) => ({ ...s, never: e.target.value }))} />}
      </Field>
      {check("always_faq", "Always add an FAQ")}
      {check("always_conclusion", "Always end with a conclusion")}
      {check("active", "Active")}
    </FormModal>
  );
}
