// Generating articles: the cost from the server's cost table (3 credits an article)
// and the balance after, before the click; then one call for all the tasks, whose
// jobs show in the tasks list and the jobs tray.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { toast } from "@/components/ui/Toast";
import { formatNumber } from "@/lib/format";
import { costOf, getCosts, plannerKeys } from "@/features/planner/api";
import { CostPreview, shortReason, useBalance } from "@/features/planner/CostPreview";
import { toastError } from "@/features/planner/errors";
import { generateTasks } from "./api";

export function useCosts() {
  return useQuery({ queryKey: plannerKeys.costs, queryFn: ({ signal }) => getCosts(signal), staleTime: 5 * 60_000 });
}

export function GenerateDialog({ open, onOpenChange, tenant, slug, ids, title, onDone }: { open: boolean; onOpenChange: (o: boolean) => void; tenant: string; slug: string; ids: string[]; title: string; onDone?: () => void }) {
  const qc = useQueryClient();
  const costs = useCosts();
  const balance = useBalance(tenant);
  const need = costOf(costs.data, "article", ids.length);
  const reason = shortReason({ need, balance });
  const n = ids.length;
  const run = useMutation({
    mutationFn: () => generateTasks(ids),
    onSuccess: (r) => {
      const started = r.items.filter((i) => i.created).length;
      toast.success(started === 0 ? "Already being written" : `Writing ${formatNumber(started)} article${started === 1 ? "" : "s"}`, {
        body: `${formatNumber(r.credits)} credit${r.credits === 1 ? "" : "s"} reserved; each task shows its progress.`,
        link: { to: `/t/${slug}/jobs`, label: "Open Jobs" },
      });
      void qc.invalidateQueries({ queryKey: [tenant, "writer"] });
      onOpenChange(false);
      onDone?.();
    },
    onError: toastError,
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description="The AI writes each article from its task's brief, keywords and outline; you edit it before it is published."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button disabled={n === 0 || !!reason} loading={run.isPending} onClick={() => run.mutate()} aria-describedby="generate-cost">
            Generate {formatNumber(n)} article{n === 1 ? "" : "s"}
          </Button>
        </>
      }
    >
      <CostPreview id="generate-cost" need={need} balance={balance} slug={slug} />
    </Dialog>
  );
}
