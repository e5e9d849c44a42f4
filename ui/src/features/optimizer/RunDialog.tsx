// Running a refresh: what the rewrite does and costs (the server's cost table, 2 credits a
// post) with the balance after, before the click; short of credits the button is disabled
// and the preview says where to get more. One call queues the job; its state follows live.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { toast } from "@/components/ui/Toast";
import { formatNumber } from "@/lib/format";
import { costOf } from "@/features/planner/api";
import { CostPreview, shortReason, useBalance } from "@/features/planner/CostPreview";
import { toastError } from "@/features/planner/errors";
import { useCosts } from "@/features/writer/GenerateDialog";
import { runRefresh, type Refresh } from "./api";
import { runBlocked } from "./refresh";
import { Reasons } from "./Reasons";

export function RunDialog({ open, onOpenChange, tenant, slug, refresh, busy }: { open: boolean; onOpenChange: (o: boolean) => void; tenant: string; slug: string; refresh: Refresh; busy: boolean }) {
  const qc = useQueryClient();
  const costs = useCosts();
  const balance = useBalance(tenant);
  const need = costOf(costs.data, "refresh", 1);
  const blocked = runBlocked(refresh, { need, balance }, busy);
  const missing = refresh.missing_keywords ?? [];
  const run = useMutation({
    mutationFn: () => runRefresh(refresh.id),
    onSuccess: (r) => {
      toast.success(`Rewriting “${refresh.title || refresh.url}”`, {
        body: `${formatNumber(r.credits)} credit${r.credits === 1 ? "" : "s"} reserved. The post stays as it is in WordPress until you review and republish the new version.`,
        link: { to: `/t/${slug}/jobs`, label: "Open Jobs" },
      });
      void qc.invalidateQueries({ queryKey: [tenant, "optimizer"] });
      onOpenChange(false);
    },
    onError: toastError,
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Refresh “${refresh.title || refresh.url}”`}
      description="The AI rewrites the sections that need it (and may add up to two) as a new version of the article, keeping its headings and images. Nothing changes in WordPress until the new version is reviewed and republished."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button disabled={!!blocked} title={blocked} loading={run.isPending} onClick={() => run.mutate()} aria-describedby="refresh-cost">
            Rewrite{need !== undefined ? ` for ${formatNumber(need)} credit${need === 1 ? "" : "s"}` : ""}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm">
        <div>
          <h3 className="mb-1 font-medium">What it fixes</h3>
          <Reasons reasons={refresh.reasons} />
        </div>
        {missing.length > 0 && (
          <p>
            <span className="font-medium">Keywords it works in:</span> {missing.join(", ")}
          </p>
        )}
        <CostPreview id="refresh-cost" need={need} balance={balance} slug={slug} />
        {blocked && blocked !== shortReason({ need, balance }) && <p className="text-amber-800 dark:text-amber-300">{blocked}</p>}
      </div>
    </Dialog>
  );
}
