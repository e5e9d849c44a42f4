// Clustering a selection: the server's estimate (how many of the keywords are new and
// unclustered, what that reserves, the balance after) before the click, then one call
// that queues the jobs; the jobs tray shows their progress.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { toast } from "@/components/ui/Toast";
import { PageError } from "@/components/States";
import { formatNumber } from "@/lib/format";
import { clusterSelection, estimate, plannerKeys, type Selection } from "./api";
import { CostPreview, shortReason } from "./CostPreview";
import { toastError } from "./errors";

export function useEstimate(tenant: string, selection: Selection, enabled = true) {
  return useQuery({
    queryKey: plannerKeys.estimate(tenant, selection),
    queryFn: ({ signal }) => estimate(tenant, selection, signal),
    enabled,
    staleTime: 5_000,
  });
}

export function useClusterMutation(tenant: string, slug: string, onDone?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sel: Selection) => clusterSelection(tenant, sel),
    onSuccess: (r) => {
      toast.success(`Clustering ${formatNumber(r.keywords)} keyword${r.keywords === 1 ? "" : "s"}`, {
        body: `${r.jobs.length} job${r.jobs.length === 1 ? "" : "s"} queued, ${formatNumber(r.credits)} credit${r.credits === 1 ? "" : "s"} reserved. Progress shows in the jobs tray.`,
        link: { to: `/t/${slug}/jobs`, label: "Open Jobs" },
      });
      void qc.invalidateQueries({ queryKey: [tenant, "planner", "keywords", "estimate"] });
      onDone?.();
    },
    onError: toastError,
  });
}

export function ClusterDialog({ open, onOpenChange, tenant, slug, selection, title }: { open: boolean; onOpenChange: (o: boolean) => void; tenant: string; slug: string; selection: Selection; title: string }) {
  const est = useEstimate(tenant, selection, open);
  const run = useClusterMutation(tenant, slug, () => onOpenChange(false));
  const e = est.data;
  const reason = e ? (e.clusterable === 0 ? "No keyword is waiting for a cluster: every one is clustered or archived." : shortReason({ need: e.clusterCredits, balance: e.balance })) : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description="The AI groups the keywords by topic and intent and names each cluster."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button disabled={!e || !!reason} loading={run.isPending} onClick={() => run.mutate(selection)} aria-describedby="cluster-cost">
            {e ? `Cluster ${formatNumber(e.clusterable)} keyword${e.clusterable === 1 ? "" : "s"}` : "Cluster"}
          </Button>
        </>
      }
    >
      {est.isError ? (
        <PageError error={est.error} onRetry={() => void est.refetch()} />
      ) : (
        <div className="space-y-2 text-sm">
          {e && (
            <p>
              {formatNumber(e.clusterable)} of {formatNumber(e.keywords)} keyword{e.keywords === 1 ? " is" : "s are"} new and in no cluster
              {e.clusterable >= e.limit && ` (at most ${formatNumber(e.limit)} per request)`}.
            </p>
          )}
          <CostPreview id="cluster-cost" slug={slug} need={e?.clusterCredits} balance={e?.balance} />
          {e && e.clusterable === 0 && <p className="text-gray-700 dark:text-gray-300">{reason}</p>}
        </div>
      )}
    </Dialog>
  );
}
