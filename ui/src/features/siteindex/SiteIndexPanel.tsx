// The site page's Site index panel: how many of the site's posts and pages igny8 has read
// (the cannibalisation check, the Linker and the Optimizer compare new work with them),
// what the last run did, "Index now" (editor+, free) and the way to the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { Button } from "@/components/ui/Button";
import { toast } from "@/components/ui/Toast";
import { Section } from "@/features/sites/Section";
import { toastError } from "@/features/planner/errors";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { formatNumber } from "@/lib/format";
import type { Job } from "@/lib/types";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { describeRun, indexSite, JOB_INDEX, lastIndexJob, pageKinds, siteIndexKeys } from "./api";

export function indexBlocked(site: { status?: string }): string {
  if (!site.status || site.status === "new") return "Check the site's connection first.";
  if (site.status === "disconnected") return "The site is disconnected: check the connection.";
  return "";
}

export function SiteIndexPanel({ site }: { site: { id: string; status?: string } }) {
  const ws = useWorkspace();
  const canIndex = useCan("editor");
  const qc = useQueryClient();
  const kinds = useQuery({ queryKey: siteIndexKeys.kinds(ws.id, site.id), queryFn: ({ signal }) => pageKinds(ws.id, site.id, signal) });
  const job = useQuery({ queryKey: siteIndexKeys.job(ws.id, site.id), queryFn: ({ signal }) => lastIndexJob(ws.id, site.id, signal) });
  useIndexJobEvents(ws.id, site.id);
  useResync(() => void qc.invalidateQueries({ queryKey: siteIndexKeys.all(ws.id) }));
  const start = useMutation({
    mutationFn: () => indexSite(site.id),
    onSuccess: () => {
      toast.success("Indexing queued", { body: "igny8 reads the site's posts and pages; the counts update when it is done. It is free." });
      void qc.invalidateQueries({ queryKey: siteIndexKeys.job(ws.id, site.id) });
    },
    onError: toastError,
  });
  const running = job.data?.status === "queued" || job.data?.status === "running";
  const reason = indexBlocked(site);
  const n = kinds.data;
  return (
    <Section
      id="site-index"
      title="Site index"
      description="The posts and pages already on the site: new ideas and articles are checked against them, links point to them."
      actions={
        canIndex && (
          <Button size="sm" variant="secondary" loading={start.isPending} disabled={running || !!reason} title={reason || undefined} onClick={() => start.mutate()}>
            {running ? "Indexing…" : "Index now"}
          </Button>
        )
      }
    >
      <p className="text-sm" data-testid="index-counts">
        {kinds.isError
          ? "The indexed pages could not be counted."
          : !n
            ? "Counting…"
            : n.posts + n.pages === 0
              ? "Nothing indexed yet."
              : `${formatNumber(n.posts)} post${n.posts === 1 ? "" : "s"} and ${formatNumber(n.pages)} page${n.pages === 1 ? "" : "s"} indexed.`}
      </p>
      <p className="mt-1 text-sm text-gray-700 dark:text-gray-300" data-testid="index-run" aria-live="polite">
        {job.isError ? "The last indexing could not be read." : job.isPending ? "" : describeRun(job.data)}
      </p>
      {reason && canIndex && <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">{reason}</p>}
      <p className="mt-3 text-sm">
        <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/sites/${site.id}/pages`}>
          Browse the indexed pages
        </Link>
      </p>
    </Section>
  );
}

/** Follows the site's index jobs: the job line live, the counts and lists once one finishes. */
export function useIndexJobEvents(tenant: string, site: string) {
  const qc = useQueryClient();
  useCollectionEvents<Job>("jobs", tenant, (e) => {
    if (e.record.site !== site || e.record.type !== JOB_INDEX) return;
    void qc.invalidateQueries({ queryKey: siteIndexKeys.job(tenant, site) });
    if (e.record.status === "succeeded") void qc.invalidateQueries({ queryKey: [tenant, "siteindex", "pages", site] });
  });
}
