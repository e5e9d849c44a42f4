// The clustering's own maintenance advice for a site (GET /clusters/suggestions):
// near-duplicate clusters to merge and loose ones to split, each one server call after
// a confirmation naming what happens. Free: nothing here calls the AI.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { GitMerge, Split } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { toast } from "@/components/ui/Toast";
import { useCan } from "@/hooks/useWorkspace";
import { clusterSuggestions, mergeCluster, splitCluster } from "./api";

type Pending = { kind: "merge"; from: string; into: string; fromName: string; intoName: string } | { kind: "split"; cluster: string; name: string; size: number };

export function Suggestions({ tenant, site }: { tenant: string; site: string }) {
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const q = useQuery({ queryKey: [tenant, "planner", "clusters", "suggestions", site], queryFn: ({ signal }) => clusterSuggestions(site, signal), staleTime: 30_000 });
  const run = useMutation({
    mutationFn: (p: Pending) => (p.kind === "merge" ? mergeCluster(p.from, p.into) : splitCluster(p.cluster)),
    onSuccess: (c, p) => {
      toast.success(p.kind === "merge" ? `“${p.fromName}” merged into “${p.intoName}”` : `“${p.name}” split: “${c.name}” is the new cluster`);
      void qc.invalidateQueries({ queryKey: [tenant, "planner"] });
    },
  });
  const merge = q.data?.merge ?? [];
  const split = q.data?.split ?? [];
  if (!canEdit || (merge.length === 0 && split.length === 0)) return null;
  return (
    <section aria-labelledby="suggestions-title" className="mb-4 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm dark:border-amber-900 dark:bg-amber-950/40">
      <h2 id="suggestions-title" className="font-semibold">
        Suggested clean-ups
      </h2>
      <ul className="mt-2 space-y-2">
        {merge.slice(0, 5).map((m) => (
          <li key={m.clusters.join()} className="flex flex-wrap items-center justify-between gap-2">
            <span className="min-w-0 break-words">
              “{m.names[0]}” and “{m.names[1]}” look like one topic ({Math.round(m.similarity * 100)} % alike{m.terms?.length ? `, sharing ${m.terms.slice(0, 3).join(", ")}` : ""}).
            </span>
            <Button size="sm" variant="secondary" onClick={() => setPending({ kind: "merge", from: m.clusters[0]!, into: m.clusters[1]!, fromName: m.names[0] ?? "", intoName: m.names[1] ?? "" })}>
              <GitMerge className="size-4" aria-hidden="true" />
              Merge
            </Button>
          </li>
        ))}
        {split.slice(0, 5).map((s) => (
          <li key={s.cluster} className="flex flex-wrap items-center justify-between gap-2">
            <span className="min-w-0 break-words">
              “{s.name}” mixes topics (cohesion {Math.round(s.cohesion * 100)} %){s.heads?.length ? `: ${s.heads.join(" / ")}` : ""}.
            </span>
            <Button size="sm" variant="secondary" onClick={() => setPending({ kind: "split", cluster: s.cluster, name: s.name, size: s.parts[1]?.length ?? 0 })}>
              <Split className="size-4" aria-hidden="true" />
              Split
            </Button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={pending !== null}
        onOpenChange={(o) => !o && setPending(null)}
        title={pending?.kind === "merge" ? `Merge “${pending.fromName}” into “${pending.intoName}”?` : `Split “${pending?.kind === "split" ? pending.name : ""}”?`}
        body={
          pending?.kind === "merge"
            ? "Its keywords, ideas and tasks move to the other cluster, and it is archived."
            : `${pending?.kind === "split" ? pending.size : 0} of its keywords, with the ideas written for them, move to a new cluster.`
        }
        confirmLabel={pending?.kind === "merge" ? "Merge the clusters" : "Split the cluster"}
        onConfirm={async () => {
          if (pending) await run.mutateAsync(pending);
          setPending(null);
        }}
      />
    </section>
  );
}
