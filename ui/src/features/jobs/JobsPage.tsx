// Jobs: the workspace's queue, live through realtime (the jobs collection filtered by
// workspace; events merged by `updated`, never by arrival order), with progress and the
// step it is on, each attempt's error, cancel and retry (retry shows its cost first).
import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { ChevronDown, ChevronRight } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Select } from "@/components/ui/Input";
import { Progress } from "@/components/ui/Progress";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { mergeNewest } from "@/realtime/realtime";
import { formatDateTime, formatNumber, formatRelative } from "@/lib/format";
import { isActiveJob, jobStatusTone, jobTypeName } from "@/lib/jobs";
import type { Job, JobStatus } from "@/lib/types";
import { Pagination } from "@/components/DataTable/Pagination";
import { CostPreview, shortReason, useBalance } from "@/features/planner/CostPreview";
import { toastError } from "@/features/planner/errors";
import { cancelJob, jobsKey, listJobs, retryJob, type JobsPage as JobsList } from "./api";

const PER_PAGE = 30;
const statuses: JobStatus[] = ["queued", "running", "succeeded", "failed", "canceled"];

/** Applies a realtime job event to the page on screen (a new job shows on page 1 only when it passes the status filter). */
export function applyJobEvent(list: JobsList | undefined, e: { action: string; record: Job }, page: number, status: string): JobsList | undefined {
  if (!list) return list;
  const known = list.items.some((j) => j.id === e.record.id);
  if (!known && (page !== 1 || e.action !== "create")) return list;
  if (status && e.record.status !== status && e.action !== "delete") {
    return known ? { ...list, items: list.items.filter((j) => j.id !== e.record.id) } : list;
  }
  const items = mergeNewest(list.items, e).slice(0, PER_PAGE);
  return items === list.items ? list : { ...list, items };
}

export function JobsPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const status = params.get("status") ?? "";
  const key = jobsKey(ws.id, status, page);
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => listJobs(ws.id, status, page, PER_PAGE, signal), placeholderData: keepPreviousData });
  useCollectionEvents<Job>("jobs", ws.id, (e) => qc.setQueryData<JobsList>(key, (cur) => applyJobEvent(cur, e, page, status)));
  useResync(() => void qc.invalidateQueries({ queryKey: [ws.id, "jobs", "page"] }));
  const setParam = (k: string, v: string) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (v) n.set(k, v);
        else n.delete(k);
        if (k !== "page") n.delete("page");
        return n;
      },
      { replace: true },
    );
  const items = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Everything the AI and the publisher do for this workspace, live."
        actions={
          <label className="flex items-center gap-2 text-sm">
            <span className="text-gray-700 dark:text-gray-300">Status</span>
            <Select className="w-auto" value={status} onChange={(e) => setParam("status", e.target.value)}>
              <option value="">Any</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </label>
        }
      />
      {q.isPending ? (
        <PageLoading label="Loading jobs" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={status ? `No ${status} jobs` : "No jobs yet"} body={status ? undefined : "Clustering, ideas, articles, images and publishing each run as a job you can watch here."} />
      ) : (
        <ul className="space-y-2" aria-label="Jobs" aria-live="polite">
          {items.map((j) => (
            <li key={j.id}>
              <JobRow job={j} slug={ws.slug} tenant={ws.id} />
            </li>
          ))}
        </ul>
      )}
      {q.data && items.length > 0 && <Pagination page={page} perPage={PER_PAGE} shown={items.length} total={q.data.totalItems} onPageChange={(p) => setParam("page", String(p))} />}
    </>
  );
}

function JobRow({ job, slug, tenant }: { job: Job; slug: string; tenant: string }) {
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const balance = useBalance(tenant);
  const [open, setOpen] = useState(false);
  const name = jobTypeName(job.type);
  const done = (verb: string) => () => {
    toast.success(`${name}: ${verb}`);
    void qc.invalidateQueries({ queryKey: [tenant, "jobs"] });
  };
  const cancel = useMutation({ mutationFn: () => cancelJob(job.id), onSuccess: done("canceled, its credits refunded"), onError: toastError });
  const retry = useMutation({ mutationFn: () => retryJob(job.id), onSuccess: done("queued again"), onError: toastError });
  const errors = job.errors ?? [];
  const retryReason = shortReason({ need: job.credits, balance });
  const detailsId = `job-errors-${job.id}`;
  return (
    <article className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" data-testid="job-row" data-status={job.status} data-progress={Math.round(job.progress ?? 0)} aria-label={`${name}, ${job.status}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{name}</p>
          <p className="text-xs text-gray-600 dark:text-gray-400">
            Queued {formatDateTime(job.created)}
            {job.finished && ` · finished ${formatRelative(job.finished)}`} · attempt {job.attempts} of {job.max_attempts || 1}
            {job.credits > 0 && ` · ${formatNumber(job.credits)} credit${job.credits === 1 ? "" : "s"}`}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={jobStatusTone[job.status]}>{job.status}</Badge>
          {canEdit && isActiveJob(job.status) && (
            <Button size="sm" variant="secondary" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel
            </Button>
          )}
          {canEdit && job.status === "failed" && (
            <Button size="sm" disabled={!!retryReason} title={retryReason} loading={retry.isPending} onClick={() => retry.mutate()} aria-describedby={`retry-cost-${job.id}`}>
              Retry
            </Button>
          )}
        </div>
      </div>
      {isActiveJob(job.status) && (
        <div className="mt-3 flex items-center gap-3">
          <Progress value={job.progress ?? 0} label={`${name} progress`} />
          <span className="w-10 text-right text-xs tabular-nums">{Math.round(job.progress ?? 0)}%</span>
        </div>
      )}
      {job.step && isActiveJob(job.status) && <p className="mt-1 text-xs text-gray-700 dark:text-gray-300">{job.step}</p>}
      {canEdit && job.status === "failed" && job.credits > 0 && (
        <div className="mt-2">
          <CostPreview id={`retry-cost-${job.id}`} slug={slug} need={job.credits} balance={balance} />
        </div>
      )}
      {job.status === "failed" && job.error && <p className="mt-2 text-sm text-red-700 dark:text-red-400">{job.error}</p>}
      {errors.length > 0 && (
        <>
          <button type="button" className="mt-2 inline-flex items-center gap-1 text-sm font-medium text-brand-700 dark:text-brand-300" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
            {open ? <ChevronDown className="size-4" aria-hidden="true" /> : <ChevronRight className="size-4" aria-hidden="true" />}
            {errors.length} failed attempt{errors.length === 1 ? "" : "s"}
          </button>
          {open && (
            <ol id={detailsId} className="mt-2 space-y-1 text-sm">
              {errors.map((er, i) => (
                <li key={i} className="rounded-lg bg-red-50 p-2 dark:bg-red-950/40">
                  <span className="font-medium">Attempt {er.attempt ?? i + 1}</span>
                  {er.at && <span className="text-xs text-gray-600 dark:text-gray-400"> · {formatDateTime(er.at)}</span>}
                  <p className="break-words text-red-800 dark:text-red-300">{er.error}</p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </article>
  );
}
