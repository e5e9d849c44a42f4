// The actions on the selected keywords — the checked rows or all N matching — shown in
// the DataTable's selection bar, each one server call (docs/API.md "Bulk keyword actions"). Clustering shows its cost first and
// is disabled with the reason when the workspace is short; deleting asks first.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, FolderInput, Sparkles, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Select } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { formatNumber } from "@/lib/format";
import { bulk, clusterOptions, plannerKeys, type BulkAction, type Selection } from "./api";
import { useClusterMutation, useEstimate } from "./ClusterDialog";
import { CostPreview, shortReason } from "./CostPreview";
import { toastError } from "./errors";

const done: Record<BulkAction, string> = { archive: "archived", restore: "restored", delete: "deleted", move: "moved" };

export function BulkActions({ tenant, slug, site, selection, count, onDone }: { tenant: string; slug: string; site: string; selection: Selection; count: number; onDone: () => void }) {
  const qc = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [target, setTarget] = useState("");
  const est = useEstimate(tenant, selection);
  const cluster = useClusterMutation(tenant, slug, onDone);
  const clusters = useQuery({ queryKey: plannerKeys.clusterOptions(tenant, site), queryFn: ({ signal }) => clusterOptions(tenant, site, signal), staleTime: 30_000 });
  const act = useMutation({
    mutationFn: (a: { action: BulkAction; cluster?: string }) => bulk(tenant, a.action, selection, a.cluster),
    onSuccess: (r, a) => {
      toast.success(`${formatNumber(r.keywords)} keyword${r.keywords === 1 ? "" : "s"} ${done[a.action]}`);
      setConfirmDelete(false);
      void qc.invalidateQueries({ queryKey: [tenant, "planner"] });
      onDone();
    },
    onError: toastError,
  });
  const e = est.data;
  const clusterReason = e ? (e.clusterable === 0 ? "None of these is new and unclustered." : shortReason({ need: e.clusterCredits, balance: e.balance })) : undefined;
  const noun = `${formatNumber(count)} keyword${count === 1 ? "" : "s"}`;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="bulk-bar">
      <div className="flex flex-col">
        <Button size="sm" disabled={!e || !!clusterReason} loading={cluster.isPending} onClick={() => cluster.mutate(selection)} aria-describedby="bulk-cluster-cost" title={clusterReason}>
          <Sparkles className="size-4" aria-hidden="true" />
          {e ? `Cluster ${formatNumber(e.clusterable)}` : "Cluster"}
        </Button>
      </div>
      <div className="min-w-48">
        <CostPreview id="bulk-cluster-cost" slug={slug} need={e?.clusterCredits} balance={e?.balance} />
        {e && e.clusterable === 0 && <p className="text-xs text-gray-600 dark:text-gray-400">{clusterReason}</p>}
      </div>
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor="bulk-move-target">
          Move to cluster
        </label>
        <Select id="bulk-move-target" className="h-8 w-44" value={target} onChange={(ev) => setTarget(ev.target.value)}>
          <option value="">Move to cluster…</option>
          <option value="-">Out of any cluster</option>
          {(clusters.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Button size="sm" variant="secondary" disabled={!target || act.isPending} onClick={() => act.mutate({ action: "move", cluster: target === "-" ? "" : target })}>
          <FolderInput className="size-4" aria-hidden="true" />
          Move
        </Button>
      </div>
      <Button size="sm" variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ action: "archive" })}>
        <Archive className="size-4" aria-hidden="true" />
        Archive
      </Button>
      <Button size="sm" variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ action: "restore" })}>
        <ArchiveRestore className="size-4" aria-hidden="true" />
        Restore
      </Button>
      <Button size="sm" variant="danger" disabled={act.isPending} onClick={() => setConfirmDelete(true)}>
        <Trash2 className="size-4" aria-hidden="true" />
        Delete
      </Button>
      <Dialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        role="alert"
        title={`Delete ${noun}?`}
        description="They are removed from the site and from their clusters. This cannot be undone; archive them to keep them out of the way instead."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={act.isPending} onClick={() => act.mutate({ action: "delete" })}>
              Delete {noun}
            </Button>
          </>
        }
      />
    </div>
  );
}
