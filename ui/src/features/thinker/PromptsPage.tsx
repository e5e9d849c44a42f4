// Thinker → Prompts: every prompt type the pipeline uses, whether the workspace
// overrides it, and the way to edit one (admins) or read it (everyone else).
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { listPrompts, promptLabels, thinkerKeys } from "./api";
import { ThinkerTabs } from "./ThinkerTabs";

export function usePrompts(tenant: string) {
  return useQuery({ queryKey: thinkerKeys.prompts(tenant), queryFn: ({ signal }) => listPrompts(tenant, signal) });
}

export function PromptsPage() {
  const ws = useWorkspace();
  const canEdit = useCan("admin");
  const q = usePrompts(ws.id);
  return (
    <>
      <PageHeader
        title="Prompts"
        description={canEdit ? "The prompts the AI gets at each step. Override one for this workspace; reset it to go back to igny8's default." : "The prompts the AI gets at each step (admins edit them)."}
      />
      <ThinkerTabs />
      {q.isPending ? (
        <PageLoading label="Loading prompts" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No prompts on this server" body="The system prompts are seeded by the server's migrations; ask its operator." />
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2" aria-label="Prompts">
          {q.data.map((p) => (
            <li key={p.type}>
              <article className="h-full rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" aria-labelledby={`prompt-${p.type}`}>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <h2 id={`prompt-${p.type}`} className="text-base font-semibold">
                    <Link to={`/t/${ws.slug}/thinker/prompts/${p.type}`} className="hover:underline">
                      {promptLabels[p.type] ?? p.type}
                    </Link>
                  </h2>
                  {p.overridden ? <Badge tone="brand">Workspace override</Badge> : <Badge>System default</Badge>}
                </div>
                <p className="mt-1 font-mono text-xs text-gray-600 dark:text-gray-400">{p.type}</p>
                <p className="mt-2 line-clamp-3 text-sm break-words whitespace-pre-line text-gray-700 dark:text-gray-300">{p.template}</p>
                <p className="mt-2 text-xs text-gray-600 dark:text-gray-400">
                  Variables: {p.variables.length ? p.variables.map((v) => v.name).join(", ") : "any"}
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
