// A site's Optimizer: the published posts that need a refresh, each with its reasons in
// words (old, thin, missing keywords of its cluster, falling clicks or position, an
// overlap merged into it), "Scan now" (free), Run (the cost and the balance after shown
// first), Review once rewritten, Dismiss. The refreshes, the scan and each rewrite follow
// realtime; the list is paged and sorted on the server with its state in the URL.
import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ExternalLink, Search } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { DataTable, type Column } from "@/components/DataTable/DataTable";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { toast } from "@/components/ui/Toast";
import { cn } from "@/lib/cn";
import { formatDateTime, formatNumber, formatRelative } from "@/lib/format";
import type { Job } from "@/lib/types";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useTableUrlState } from "@/hooks/useTableUrlState";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { toastError } from "@/features/planner/errors";
import { getSite, sitesKeys } from "@/features/sites/api";
import {
  activeRefreshJobs,
  countRefreshes,
  dismissRefresh,
  lastScanJob,
  listRefreshes,
  optimizerKeys,
  optimizerSchedule,
  refreshViews,
  scanSite,
  type RefreshRow,
  type RefreshView,
  type ScanResult,
} from "./api";
import { canDismiss, canRun, isIgny8Post, statusName, statusTone } from "./refresh";
import { Reasons } from "./Reasons";
import { RunDialog } from "./RunDialog";
import { AdoptionHelp } from "./AdoptionHelp";

export function OptimizerPage() {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const siteId = useParams().id ?? "";
  const site = useQuery({ queryKey: sitesKeys.site(ws.id, siteId), queryFn: ({ signal }) => getSite(siteId, signal) });
  const [state, update] = useTableUrlState({ defaultSort: "-score", defaultPerPage: 25, filterKeys: ["view"] });
  const view = (refreshViews.some((v) => v.value === state.filters.view) ? state.filters.view : "open") as RefreshView;
  const page = useQuery({
    queryKey: optimizerKeys.list(ws.id, siteId, view, state.page, state.perPage, state.sort),
    queryFn: ({ signal }) => listRefreshes(ws.id, siteId, view, state.page, state.perPage, state.sort, signal),
    placeholderData: keepPreviousData,
  });
  const count = useQuery({ queryKey: optimizerKeys.count(ws.id, siteId, view), queryFn: ({ signal }) => countRefreshes(ws.id, siteId, view, signal), placeholderData: keepPreviousData });
  const jobs = useQuery({ queryKey: optimizerKeys.jobs(ws.id, siteId), queryFn: ({ signal }) => activeRefreshJobs(ws.id, siteId, signal) });
  const scan = useQuery({ queryKey: optimizerKeys.scanJob(ws.id, siteId), queryFn: ({ signal }) => lastScanJob(ws.id, siteId, signal) });
  const schedule = useQuery({ queryKey: optimizerKeys.schedule(ws.id, siteId), queryFn: ({ signal }) => optimizerSchedule(ws.id, siteId, signal), staleTime: 30_000 });
  const [running, setRunning] = useState<RefreshRow | null>(null);
  const [adopt, setAdopt] = useState<RefreshRow | null>(null);

  const refetchList = () => void qc.invalidateQueries({ queryKey: [ws.id, "optimizer", "refreshes", siteId] });
  useCollectionEvents<RefreshRow>("refreshes", ws.id, (e) => {
    if (e.record.site === siteId) refetchList();
  });
  useCollectionEvents<Job>("jobs", ws.id, (e) => {
    if (e.record.site !== siteId) return;
    if (e.record.type === "optimizer.scan") {
      void qc.invalidateQueries({ queryKey: optimizerKeys.scanJob(ws.id, siteId) });
      // a finished scan: the list and its count as the scan left them
      if (e.record.status === "succeeded") refetchList();
    }
    if (e.record.type === "optimizer.refresh") void qc.invalidateQueries({ queryKey: optimizerKeys.jobs(ws.id, siteId) });
  });
  useResync(() => void qc.invalidateQueries({ queryKey: optimizerKeys.all(ws.id) }));

  const startScan = useMutation({
    mutationFn: () => scanSite(siteId),
    onSuccess: () => {
      toast.success("Scanning the site's posts", { body: "Posts that need a refresh appear here as the scan finds them; it is free." });
      void qc.invalidateQueries({ queryKey: optimizerKeys.scanJob(ws.id, siteId) });
    },
    onError: toastError,
  });
  const dismiss = useMutation({
    mutationFn: (r: RefreshRow) => dismissRefresh(r.id),
    onSuccess: (_, r) => {
      toast.success(`“${r.title || r.url}” dismissed`, { body: "The scan suggests it again only after the site's refresh interval (Dismissed tab)." });
      refetchList();
    },
    onError: toastError,
  });

  if (site.isPending) return <PageLoading label="Loading the site" />;
  if (site.isError) return <PageError error={site.error} onRetry={() => void site.refetch()} />;
  const s = site.data;
  const scanning = !!scan.data && (scan.data.status === "queued" || scan.data.status === "running");
  const unchecked = !s.status || s.status === "new";
  const scanBlocked = unchecked ? "Check the site's connection first." : undefined;

  const columns: Column<RefreshRow>[] = [
    {
      id: "title",
      header: "Post",
      sortField: "title",
      className: "max-w-[20rem]",
      cell: (r) => (
        <div className="min-w-0 space-y-0.5">
          {r.status === "review" || r.status === "published" ? (
            <Link className="font-medium break-words text-brand-700 underline dark:text-brand-300" to={r.id}>
              {r.title || r.url}
            </Link>
          ) : (
            <span className="font-medium break-words">{r.title || r.url}</span>
          )}
          {r.url && (
            <a className="flex items-center gap-1 text-xs break-all text-gray-700 underline dark:text-gray-300" href={r.url} target="_blank" rel="noreferrer noopener">
              {r.url.replace(/^https?:\/\//, "")}
              <ExternalLink className="size-3 shrink-0" aria-hidden="true" />
              <span className="sr-only">(opens the live post)</span>
            </a>
          )}
          {!isIgny8Post(r) && <Badge tone="gray">not published by igny8</Badge>}
          <div className="pt-1 sm:hidden">
            <Reasons reasons={r.reasons} testId="refresh-reasons-phone" />
          </div>
        </div>
      ),
    },
    { id: "reasons", header: "Why it needs a refresh", className: "min-w-[14rem]", hideOnMobile: true, cell: (r) => <Reasons reasons={r.reasons} /> },
    {
      id: "status",
      header: "Status",
      sortField: "status",
      cell: (r) => <RefreshState refresh={r} job={jobs.data?.[r.id]} />,
    },
    {
      id: "updated",
      header: "Updated",
      sortField: "updated",
      hideOnMobile: true,
      cell: (r) => <span title={formatDateTime(r.updated)}>{formatRelative(r.updated)}</span>,
    },
    {
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (r) => (
        <div className="flex flex-wrap justify-end gap-2">
          {(r.status === "review" || r.status === "published") && (
            <Link className="inline-flex h-8 items-center rounded-lg border border-gray-300 px-3 text-sm font-medium hover:bg-gray-100 dark:border-gray-700 dark:hover:bg-gray-800" to={r.id}>
              {r.status === "review" ? "Review" : "Open"}
              <span className="sr-only"> the refresh of {r.title || r.url}</span>
            </Link>
          )}
          {canEdit && canRun(r) && isIgny8Post(r) && (
            <Button size="sm" disabled={!!jobs.data?.[r.id]} onClick={() => setRunning(r)} aria-label={`${r.status === "failed" ? "Run again" : "Run"} the refresh of ${r.title || r.url}`}>
              {r.status === "failed" ? "Run again" : "Run"}
            </Button>
          )}
          {!isIgny8Post(r) && canRun(r) && (
            <Button size="sm" variant="secondary" onClick={() => setAdopt(r)} aria-label={`How to refresh ${r.title || r.url}`}>
              How to refresh
            </Button>
          )}
          {canEdit && canDismiss(r) && (
            <Button size="sm" variant="ghost" loading={dismiss.isPending && dismiss.variables?.id === r.id} onClick={() => dismiss.mutate(r)} aria-label={`Dismiss the refresh of ${r.title || r.url}`}>
              Dismiss
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Optimizer"
        description={
          <span className="flex flex-wrap items-center gap-x-2">
            <span>{s.name}</span>
            <span aria-hidden="true">·</span>
            <span>Posts that need a refresh, rewritten by AI as a new version you review before it replaces the live post.</span>
            <Link className="underline" to={`/t/${ws.slug}/sites/${s.id}`}>
              Back to the site
            </Link>
          </span>
        }
        actions={
          canEdit && (
            <Button variant="secondary" loading={startScan.isPending} disabled={scanning || !!scanBlocked} title={scanBlocked} onClick={() => startScan.mutate()}>
              <Search className="size-4" aria-hidden="true" />
              {scanning ? "Scanning…" : "Scan now"}
            </Button>
          )
        }
      />
      <ScanLine job={scan.data} loading={scan.isPending} schedule={schedule.data} slug={ws.slug} site={s.id} blocked={canEdit ? scanBlocked : undefined} />
      <div role="tablist" aria-label="Refreshes" className="mb-3 flex gap-1 overflow-x-auto border-b border-gray-200 dark:border-gray-800">
        {refreshViews.map((v) => (
          <button
            key={v.value}
            role="tab"
            type="button"
            aria-selected={view === v.value}
            aria-controls="refreshes-panel"
            onClick={() => update({ filters: { view: v.value === "open" ? undefined : v.value } })}
            className={cn(
              "-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium",
              view === v.value ? "border-brand-600 text-brand-800 dark:text-brand-200" : "border-transparent text-gray-700 hover:text-gray-900 dark:text-gray-300 dark:hover:text-white",
            )}
          >
            {v.label}
            {view === v.value && count.data !== undefined ? ` (${formatNumber(count.data)})` : ""}
          </button>
        ))}
      </div>
      <div id="refreshes-panel" role="tabpanel" aria-label={refreshViews.find((v) => v.value === view)!.label}>
        <DataTable<RefreshRow>
          caption={`Refreshes of ${s.name}`}
          columns={columns}
          rows={page.data}
          rowKey={(r) => r.id}
          loading={page.isFetching}
          error={page.error}
          onRetry={() => void page.refetch()}
          total={count.data}
          page={state.page}
          perPage={state.perPage}
          onPageChange={(p) => update({ page: p })}
          onPerPageChange={(n) => update({ perPage: n, page: 1 })}
          sort={state.sort}
          onSortChange={(so) => update({ sort: so })}
          empty={
            view === "open" ? (
              <EmptyState
                title="No post needs a refresh"
                body={
                  scan.data
                    ? "The last scan found nothing old, thin or slipping. The scan looks again on its schedule, or now."
                    : "Scan the site: its published posts are checked for age, thin text, missing cluster keywords and falling Search Console figures."
                }
                action={
                  canEdit && (
                    <Button disabled={scanning || !!scanBlocked} loading={startScan.isPending} onClick={() => startScan.mutate()}>
                      Scan now
                    </Button>
                  )
                }
              />
            ) : (
              <EmptyState title={view === "published" ? "No refresh republished yet" : "No dismissed refresh"} />
            )
          }
        />
      </div>
      {running && <RunDialog open onOpenChange={(o) => !o && setRunning(null)} tenant={ws.id} slug={ws.slug} refresh={running} busy={!!jobs.data?.[running.id]} />}
      {adopt && <AdoptionHelp open onOpenChange={(o) => !o && setAdopt(null)} refresh={adopt} slug={ws.slug} />}
    </>
  );
}

function RefreshState({ refresh: r, job }: { refresh: RefreshRow; job?: Job }) {
  const label = job ? (job.status === "running" ? `rewriting ${Math.round(job.progress || 0)} %` : "queued") : statusName[r.status] ?? r.status;
  return (
    <span className="inline-flex flex-col items-start gap-0.5" data-testid="refresh-state">
      <Badge tone={job ? "brand" : statusTone[r.status] ?? "gray"}>{label}</Badge>
      {r.status === "review" && r.version > 0 && <span className="text-xs text-gray-700 dark:text-gray-300">version {r.version}</span>}
      {r.status === "failed" && r.error && <span className="max-w-[16rem] text-xs break-words text-red-700 dark:text-red-400">{r.error.slice(0, 160)}</span>}
    </span>
  );
}

function ScanLine({
  job,
  loading,
  schedule,
  slug,
  site,
  blocked,
}: {
  job: (Job & { result?: ScanResult | null }) | null | undefined;
  loading: boolean;
  schedule: { enabled: boolean; spec: string; next_run: string } | null | undefined;
  slug: string;
  site: string;
  blocked?: string;
}) {
  let text: string;
  if (loading) text = "Looking for the last scan…";
  else if (!job) text = "The site has not been scanned yet.";
  else if (job.status === "queued") text = "A scan is queued.";
  else if (job.status === "running") text = "Scanning the site's posts…";
  else if (job.status === "failed" || job.status === "canceled") text = `The last scan ${job.status === "failed" ? "failed" : "was canceled"} ${formatRelative(job.updated)}${job.error ? `: ${job.error.slice(0, 160)}` : "."}`;
  else {
    const r = job.result;
    text = r
      ? `Scanned ${formatRelative(job.finished || job.updated)}: ${formatNumber(r.checked)} post${r.checked === 1 ? "" : "s"} checked, ${formatNumber(r.suggested)} new suggestion${r.suggested === 1 ? "" : "s"}, ${formatNumber(r.updated)} updated.`
      : `Scanned ${formatRelative(job.finished || job.updated)}.`;
  }
  return (
    <div className="mb-4 space-y-1 rounded-xl border border-gray-200 bg-white p-3 text-sm dark:border-gray-800 dark:bg-gray-900">
      <p data-testid="scan-state" aria-live="polite">
        {text}
      </p>
      <p className="text-gray-700 dark:text-gray-300">
        {schedule?.enabled ? (
          <>
            Scans automatically ({schedule.spec}){schedule.next_run ? `, next ${formatRelative(schedule.next_run)}` : ""}.{" "}
          </>
        ) : (
          <>Automatic scans are off. </>
        )}
        <Link className="underline" to={`/t/${slug}/sites/${site}#site-automation`}>
          {schedule?.enabled ? "Change the schedule" : "Turn them on in the site's Automation"}
        </Link>
        . Scanning is free; each rewrite costs credits, shown before it runs.
      </p>
      {blocked && <p className="text-amber-800 dark:text-amber-300">{blocked}</p>}
    </div>
  );
}
