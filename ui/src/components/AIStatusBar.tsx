// The jobs tray: what the AI and the publisher are doing for this workspace, live
// through realtime (jobs of the workspace only), with progress and the last errors.
import * as Popover from "@radix-ui/react-popover";
import { Link } from "react-router";
import { Activity } from "lucide-react";
import { useTrayJobs } from "@/app/shellApi";
import { Badge } from "./ui/Badge";
import { Progress } from "./ui/Progress";
import { Spinner } from "./ui/Spinner";
import { isActiveJob, jobStatusTone, jobTypeName } from "@/lib/jobs";
import { formatRelative } from "@/lib/format";
import type { Job } from "@/lib/types";

export function AIStatusBar({ tenant, slug }: { tenant: string; slug: string }) {
  const q = useTrayJobs(tenant);
  const jobs = q.data ?? [];
  const active = jobs.filter((j) => isActiveJob(j.status));
  const running = active.filter((j) => j.status === "running").length;
  const label = active.length > 0 ? `${active.length} job${active.length === 1 ? "" : "s"} active` : "No jobs running";
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button
          type="button"
          aria-label={`Jobs: ${label}`}
          data-testid="jobs-tray"
          className="inline-flex h-10 items-center gap-2 rounded-lg px-2 text-sm text-gray-700 hover:bg-gray-100 dark:text-gray-200 dark:hover:bg-gray-800"
        >
          {running > 0 ? <Spinner className="size-4 text-brand-600 dark:text-brand-300" /> : <Activity className="size-4" aria-hidden="true" />}
          <span className="hidden sm:inline">{active.length > 0 ? `${active.length} active` : "Jobs"}</span>
          {active.length > 0 && <span className="sm:hidden">{active.length}</span>}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          aria-label="Jobs"
          className="z-50 w-[min(24rem,calc(100vw-1rem))] rounded-xl border border-gray-200 bg-white shadow-xl dark:border-gray-800 dark:bg-gray-900"
        >
          <div className="flex items-center justify-between border-b border-gray-200 px-4 py-3 dark:border-gray-800">
            <p className="text-sm font-semibold">Jobs</p>
            <Link to={`/t/${slug}/jobs`} className="text-sm font-medium text-brand-700 underline dark:text-brand-300">
              All jobs
            </Link>
          </div>
          {q.isPending ? (
            <p className="px-4 py-6 text-sm text-gray-600 dark:text-gray-400">Loading…</p>
          ) : q.isError ? (
            <p role="alert" className="px-4 py-6 text-sm text-red-700 dark:text-red-400">
              The jobs could not be loaded.{" "}
              <button type="button" className="underline" onClick={() => void q.refetch()}>
                Try again
              </button>
            </p>
          ) : jobs.length === 0 ? (
            <p className="px-4 py-6 text-sm text-gray-600 dark:text-gray-400">Nothing has run yet. Import keywords in the Planner to start.</p>
          ) : (
            <ul className="max-h-96 divide-y divide-gray-100 overflow-y-auto dark:divide-gray-800" aria-live="polite">
              {jobs.slice(0, 15).map((j) => (
                <TrayJob key={j.id} job={j} />
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function TrayJob({ job }: { job: Job }) {
  const name = jobTypeName(job.type);
  return (
    <li className="px-4 py-3 text-sm" data-testid="tray-job" data-job={job.id} data-status={job.status} data-progress={Math.round(job.progress ?? 0)} data-updated={job.updated}>
      <div className="flex items-center justify-between gap-2">
        <span className="truncate font-medium">{name}</span>
        <Badge tone={jobStatusTone[job.status]}>{job.status}</Badge>
      </div>
      {isActiveJob(job.status) ? (
        <div className="mt-2 flex items-center gap-2">
          <Progress value={job.progress ?? 0} label={`${name} progress`} />
          <span className="w-10 text-right text-xs tabular-nums text-gray-700 dark:text-gray-300">{Math.round(job.progress ?? 0)}%</span>
        </div>
      ) : null}
      {job.step && isActiveJob(job.status) && <p className="mt-1 truncate text-xs text-gray-600 dark:text-gray-400">{job.step}</p>}
      {job.status === "failed" && job.error && <p className="mt-1 line-clamp-2 text-xs text-red-700 dark:text-red-400">{job.error}</p>}
      <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">{formatRelative(job.updated)}</p>
    </li>
  );
}
