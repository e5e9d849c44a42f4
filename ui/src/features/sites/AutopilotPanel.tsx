// The site's autopilot at a glance: the chain's state and why, the pipeline's
// counts, what waits for a person (with the gates it failed), the month's
// spend against the owner's budget, and pause/resume for admins.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { PageError } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { formatNumber } from "@/lib/format";
import { toastError } from "@/features/planner/errors";
import type { SiteRecord } from "./api";
import { autopilotKey, chainStates, getChainState, setPaused } from "./autopilotApi";
import { Section } from "./Section";

const countLabels: [string, string][] = [
  ["unclustered", "Keywords to cluster"],
  ["open_ideas", "Open ideas"],
  ["tasks_queued", "Articles being written"],
  ["review", "In review"],
  ["approved", "Approved"],
  ["scheduled", "Scheduled on WordPress"],
  ["published", "Published"],
];

export function AutopilotPanel({ site }: { site: SiteRecord }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canPause = useCan("admin");
  const key = autopilotKey(ws.id, site.id);
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getChainState(site.id, signal), refetchInterval: 30_000 });
  const pause = useMutation({
    mutationFn: (paused: boolean) => setPaused(site.id, paused),
    onSuccess: (st) => qc.setQueryData(key, st),
    onError: toastError,
  });
  const st = q.data;
  const state = st ? (chainStates[st.state] ?? { text: st.state, tone: "gray" as const }) : null;
  return (
    <Section
      id="site-autopilot"
      title="Autopilot"
      description="Keywords to scheduled posts on the site's schedules, without clicks."
      actions={
        canPause &&
        st && (
          <Button size="sm" variant="secondary" loading={pause.isPending} onClick={() => pause.mutate(!st.settings.paused)}>
            {st.settings.paused ? "Resume the autopilot" : "Pause the autopilot"}
          </Button>
        )
      }
    >
      {q.isPending && <p className="text-sm text-gray-600 dark:text-gray-400">Loading the autopilot…</p>}
      {q.isError && <PageError error={q.error} onRetry={() => void q.refetch()} />}
      {st && state && (
        <div className="space-y-3 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone={state.tone}>{state.text}</Badge>
            <span className="break-words text-gray-700 dark:text-gray-300" data-testid="autopilot-reason">
              {st.reason}
            </span>
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {countLabels.map(([k, label]) => (
              <div key={k} className="contents">
                <dt className="text-gray-600 dark:text-gray-400">{label}</dt>
                <dd>{formatNumber(st.counts[k] ?? 0)}</dd>
              </div>
            ))}
            <dt className="text-gray-600 dark:text-gray-400">Spent this month</dt>
            <dd>
              {formatNumber(st.budget.spent)} credits{st.budget.limit > 0 ? ` of ${formatNumber(st.budget.limit)}` : ""}
            </dd>
            <dt className="text-gray-600 dark:text-gray-400">Auto-approve</dt>
            <dd>{st.settings.auto_approve ? "On: articles that pass every gate are approved" : "Off: every article waits for a person"}</dd>
          </dl>
          {st.review.length > 0 && (
            <div>
              <h3 className="font-medium">Waiting for review</h3>
              <ul className="mt-1 space-y-1">
                {st.review.map((r) => (
                  <li key={r.id} className="break-words">
                    {r.title}
                    {r.failed.length > 0 && <span className="text-amber-800 dark:text-amber-300"> — failed: {r.failed.join(", ").replaceAll("_", " ")}</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {st.failed_jobs[0] && (
            <p className="break-words text-red-800 dark:text-red-300">
              Last failure ({st.failed_jobs[0].type}): {st.failed_jobs[0].error}{" "}
              <Link className="underline" to={`/t/${ws.slug}/jobs`}>
                See Jobs
              </Link>
            </p>
          )}
        </div>
      )}
    </Section>
  );
}

/** The chain's state as one badge linking to the site's Autopilot panel (the Dashboard's pipeline table). */
export function AutopilotBadge({ siteId, slug }: { siteId: string; slug: string }) {
  const ws = useWorkspace();
  const q = useQuery({ queryKey: autopilotKey(ws.id, siteId), queryFn: ({ signal }) => getChainState(siteId, signal), refetchInterval: 30_000 });
  if (q.isPending) return <span className="text-xs text-gray-600 dark:text-gray-400">…</span>;
  if (q.isError || !q.data) return <span className="text-xs text-gray-600 dark:text-gray-400">Unknown</span>;
  const state = chainStates[q.data.state] ?? { text: q.data.state, tone: "gray" as const };
  return (
    <Link to={`/t/${slug}/sites/${siteId}#site-autopilot`} title={q.data.reason} data-testid="autopilot-state">
      <Badge tone={state.tone}>{state.text}</Badge>
    </Link>
  );
}
