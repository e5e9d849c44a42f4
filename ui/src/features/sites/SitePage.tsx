// One site: its connection (connect, check as a checklist with the fix for each item),
// its igny8 defaults, its sync state, its autopilot and its automation. Each panel is its own
// component in this folder; the page only lays them out.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { useWorkspace } from "@/hooks/useWorkspace";
import { useRecordEvents, useResync } from "@/realtime/useRealtime";
import { getSite, sitesKeys, type SiteRecord } from "./api";
import { statusText, statusTone } from "./status";
import { ConnectionPanel } from "./ConnectionPanel";
import { AutomationPanel } from "./AutomationPanel";
import { AutopilotPanel } from "./AutopilotPanel";
import { DefaultsPanel } from "./DefaultsPanel";
import { SyncPanel } from "./SyncPanel";
import { OptimizerPanel } from "@/features/optimizer/OptimizerPanel";
import { SiteLinksSection } from "@/features/linker/SiteLinksSection";
import { SiteIndexPanel } from "@/features/siteindex/SiteIndexPanel";

export function SitePage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const id = useParams().id ?? "";
  const key = sitesKeys.site(ws.id, id);
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getSite(id, signal) });
  useRecordEvents<SiteRecord>("sites", id, (e) => {
    if (e.action === "delete") void qc.invalidateQueries({ queryKey: key });
    else qc.setQueryData<SiteRecord>(key, (cur) => (!cur || e.record.updated >= cur.updated ? { ...cur, ...e.record } : cur));
  });
  useResync(() => void qc.invalidateQueries({ queryKey: key }));
  if (q.isPending) return <PageLoading label="Loading the site" />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const site = q.data;
  return (
    <>
      <PageHeader
        title={site.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={statusTone(site.status)}>{statusText(site.status)}</Badge>
            <span className="break-all">{site.url}</span>
            <Link className="underline" to={`/t/${ws.slug}/sites`}>
              All sites
            </Link>
          </span>
        }
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <ConnectionPanel site={site} />
        <AutopilotPanel site={site} />
        <AutomationPanel site={site} />
        <DefaultsPanel site={site} />
        <SyncPanel site={site} />
        <SiteIndexPanel site={site} />
        <OptimizerPanel site={site} />
        <SiteLinksSection site={site} />
      </div>
    </>
  );
}
