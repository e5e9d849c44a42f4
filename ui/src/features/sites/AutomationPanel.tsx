// The site's automation: each schedule's cadence, batch size, whether it is on, its
// next run and its last result.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents } from "@/realtime/useRealtime";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { SiteRecord } from "./api";
import { listSchedules, scheduleName, schedulesKey, type Schedule } from "./schedulesApi";
import { Section } from "./Section";

export function AutomationPanel({ site }: { site: SiteRecord }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const key = schedulesKey(ws.id, site.id);
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => listSchedules(ws.id, site.id, signal) });
  useCollectionEvents<Schedule>("schedules", ws.id, (e) => {
    if (e.record.site === site.id) void qc.invalidateQueries({ queryKey: key });
  });
  return (
    <Section id="site-automation" title="Automation" description="Each step of the pipeline on its own cadence for this site; off until you turn it on.">
      {q.isPending ? (
        <PageLoading label="Loading schedules" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No schedules for this site" />
      ) : (
        <ul className="divide-y divide-gray-100 dark:divide-gray-800" aria-label="Schedules">
          {q.data.map((s) => (
            <li key={s.id} className="py-3 first:pt-0 last:pb-0" data-testid="schedule-row" data-type={s.type}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">{scheduleName(s.type)}</p>
                <Badge tone={s.enabled ? "green" : "gray"}>{s.enabled ? "On" : "Off"}</Badge>
              </div>
              <p className="text-xs text-gray-600 dark:text-gray-400">
                {s.spec} · batch {formatNumber(s.batch_size)} · next run {s.enabled ? formatDateTime(s.next_run) : "—"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
