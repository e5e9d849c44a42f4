// The site page's Optimizer panel: how many posts wait for a refresh or a review, and
// the way to the site's Optimizer page.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { Section } from "@/features/sites/Section";
import { useWorkspace } from "@/hooks/useWorkspace";
import { formatNumber } from "@/lib/format";
import { useCollectionEvents } from "@/realtime/useRealtime";
import { optimizerKeys, refreshCounts, type Refresh } from "./api";

export function OptimizerPanel({ site }: { site: { id: string } }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const key = optimizerKeys.counts(ws.id, site.id);
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => refreshCounts(ws.id, site.id, signal) });
  useCollectionEvents<Refresh>("refreshes", ws.id, (e) => {
    if (e.record.site === site.id) void qc.invalidateQueries({ queryKey: key });
  });
  const n = q.data;
  return (
    <Section id="site-optimizer" title="Optimizer" description="Published posts that need a refresh: old, thin, missing keywords or losing clicks.">
      <p className="text-sm" data-testid="optimizer-counts">
        {q.isError
          ? "The refreshes could not be counted."
          : !n
            ? "Counting…"
            : n.suggested + n.review === 0
              ? "No post waits for a refresh."
              : `${formatNumber(n.suggested)} post${n.suggested === 1 ? "" : "s"} to refresh, ${formatNumber(n.review)} ready for review.`}
      </p>
      <p className="mt-3 text-sm">
        <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/sites/${site.id}/optimizer`}>
          Open the Optimizer
        </Link>
      </p>
    </Section>
  );
}
