// A site's internal links: every link the Linker suggested, inserted, removed or had
// rejected, filterable by status and type (kept in the URL), paged on the server;
// approve, reject or remove one link or the checked rows of a page in one call
// (POST /api/igny8/linker/links/bulk), and the site's linking schedule.
import { useEffect, useMemo, useRef, useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { Check, Unlink, X } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { DataTable, type Column } from "@/components/DataTable/DataTable";
import { FilterPanel, filterKeys as panelKeys, type FilterDef } from "@/components/FilterPanel";
import { StatsCards } from "@/components/StatsCards";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { Button } from "@/components/ui/Button";
import { Badge } from "@/components/ui/Badge";
import { toast } from "@/components/ui/Toast";
import { useTableUrlState } from "@/hooks/useTableUrlState";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { mergeNewest } from "@/realtime/realtime";
import { formatDateTime, formatNumber } from "@/lib/format";
import { getSite, sitesKeys } from "@/features/sites/api";
import { listSchedules, schedulesKey } from "@/features/sites/schedulesApi";
import { cadenceText } from "@/features/sites/AutomationPanel";
import {
  bulkDecide,
  countSiteLinks,
  decideLink,
  linkerKeys,
  linkStatuses,
  linkTypes,
  listSiteLinks,
  siteLinkCounts,
  toastLinkerError,
  MAX_BULK_LINKS,
  type InternalLink,
  type LinkAction,
  type LinkStatus,
  type SiteLinkFilter,
} from "./api";
import { actionable, bulkSummary, canDo, typeText } from "./text";
import { LinkBadges, TargetText } from "./LinkParts";

const statusLabel: Record<LinkStatus, string> = { suggested: "Suggested", approved: "Approved (going in)", inserted: "Inserted", removing: "Being removed", removed: "Removed", rejected: "Rejected" };

const defs: FilterDef[] = [
  { type: "search", key: "q", label: "Search anchors and posts" },
  { type: "select", key: "status", label: "Status", options: linkStatuses.map((s) => ({ value: s, label: statusLabel[s] })) },
  { type: "select", key: "type", label: "Type", options: linkTypes.map((t) => ({ value: t, label: typeText[t] })) },
];

const verb: Record<LinkAction, string> = { approve: "Approve", reject: "Reject", remove: "Remove" };

export function SiteLinksPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const canEdit = useCan("editor");
  const siteId = useParams().id ?? "";
  const site = useQuery({ queryKey: sitesKeys.site(ws.id, siteId), queryFn: ({ signal }) => getSite(siteId, signal) });
  const [state, update] = useTableUrlState({ defaultSort: "-created", defaultPerPage: 50, filterKeys: panelKeys(defs) });
  const perPage = Math.min(state.perPage, MAX_BULK_LINKS);
  const filter: SiteLinkFilter = useMemo(() => ({ status: state.filters.status, type: state.filters.type, search: state.filters.q }), [state.filters]);
  const pageKey = linkerKeys.sitePage(ws.id, siteId, filter, state.page, perPage, state.sort);
  const page = useQuery({ queryKey: pageKey, queryFn: ({ signal }) => listSiteLinks(ws.id, siteId, filter, state.page, perPage, state.sort, signal), placeholderData: keepPreviousData });
  const count = useQuery({ queryKey: linkerKeys.siteCount(ws.id, siteId, filter), queryFn: ({ signal }) => countSiteLinks(ws.id, siteId, filter, signal), placeholderData: keepPreviousData });
  const counts = useQuery({ queryKey: linkerKeys.siteCounts(ws.id, siteId), queryFn: ({ signal }) => siteLinkCounts(ws.id, siteId, signal) });
  const schedules = useQuery({ queryKey: schedulesKey(ws.id, siteId), queryFn: ({ signal }) => listSchedules(ws.id, siteId, signal) });
  const linking = schedules.data?.find((s) => s.type === "linking");

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const scope = JSON.stringify([filter, state.page, perPage, state.sort]);
  useEffect(() => setSelected(new Set()), [scope]);

  // Links change one event each (a bulk call sends many): rows on screen merge by
  // `updated`; the counts refetch once the burst is over.
  const recount = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(recount.current), []);
  useCollectionEvents<InternalLink>("internal_links", ws.id, (e) => {
    if (e.record.site !== siteId) return;
    qc.setQueryData<InternalLink[]>(pageKey, (cur) => (cur && cur.some((l) => l.id === e.record.id) ? mergeNewest(cur, e) : cur));
    clearTimeout(recount.current);
    recount.current = setTimeout(() => {
      void qc.invalidateQueries({ queryKey: linkerKeys.siteCounts(ws.id, siteId) });
      void qc.invalidateQueries({ queryKey: [ws.id, "linker", "site", siteId, "count"] });
      if (e.action === "create") void qc.invalidateQueries({ queryKey: [ws.id, "linker", "site", siteId, "page"] });
    }, 400);
  });
  useResync(() => void qc.invalidateQueries({ queryKey: linkerKeys.site(ws.id, siteId) }));

  const one = useMutation({
    mutationFn: (a: { link: InternalLink; action: LinkAction }) => decideLink(a.link.id, a.action),
    onSuccess: (r, a) => {
      toast.success(`“${a.link.anchor}”: ${a.action === "approve" ? "approved, going into its article" : a.action === "reject" ? "rejected" : "being removed"}`, {
        link: { to: `/t/${ws.slug}/writer/contents/${a.link.source_content}?tab=links`, label: "Open the article" },
      });
      qc.setQueryData<InternalLink[]>(pageKey, (cur) => cur?.map((l) => (l.id === r.link ? { ...l, status: r.status, error: "" } : l)));
      void qc.invalidateQueries({ queryKey: linkerKeys.siteCounts(ws.id, siteId) });
    },
    onError: toastLinkerError,
  });
  const rows = page.data ?? [];
  const chosen = rows.filter((l) => selected.has(l.id));
  const [confirm, setConfirm] = useState<LinkAction | null>(null);
  const bulk = useMutation({
    mutationFn: (action: LinkAction) => bulkDecide(ws.id, action, actionable(chosen, action)),
    onSuccess: (r) => {
      const s = bulkSummary(r);
      toast.success(s.title, { body: s.body, link: r.jobs.length ? { to: `/t/${ws.slug}/jobs`, label: "See the jobs" } : undefined });
      setSelected(new Set());
      // the rows stay where they are (a filtered page would drop them); their status follows live
      qc.setQueryData<InternalLink[]>(pageKey, (cur) => cur?.map((l) => (r.done[l.id] ? { ...l, status: r.done[l.id]!, error: "" } : l)));
      void qc.invalidateQueries({ queryKey: linkerKeys.siteCounts(ws.id, siteId) });
    },
    onError: toastLinkerError,
  });

  if (site.isPending) return <PageLoading label="Loading the site" />;
  if (site.isError) return <PageError error={site.error} onRetry={() => void site.refetch()} />;
  const s = site.data;
  const c = counts.data;
  const filtered = !!(filter.status || filter.type || filter.search);
  const total = count.data;

  const columns: Column<InternalLink>[] = [
    {
      id: "anchor",
      header: "Anchor",
      sortField: "anchor",
      cell: (l) => (
        <div className="min-w-0 space-y-0.5">
          <p>
            <mark className="rounded bg-brand-100 px-0.5 font-medium text-brand-900 dark:bg-brand-900 dark:text-brand-50">{l.anchor}</mark>
          </p>
          <p className="text-xs text-gray-600 dark:text-gray-400">
            in{" "}
            <Link className="text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/writer/contents/${l.source_content}?tab=links`} onClick={(e) => e.stopPropagation()}>
              {l.source_title || "its article"}
            </Link>
          </p>
          <div className="sm:hidden">
            <TargetText link={l} />
          </div>
        </div>
      ),
    },
    { id: "target", header: "Target", hideOnMobile: true, cell: (l) => <TargetText link={l} /> },
    {
      id: "kind",
      header: "Status · type · priority",
      sortField: "status",
      cell: (l) => (
        <div className="space-y-1">
          <LinkBadges link={l} />
          {l.error && <p className="max-w-64 text-xs break-words text-red-700 dark:text-red-400">Not inserted: {l.error}</p>}
          {l.status === "inserted" && l.inserted_at && <p className="text-xs text-gray-600 dark:text-gray-400">since {formatDateTime(l.inserted_at)}</p>}
        </div>
      ),
    },
    {
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (l) =>
        canEdit && (
          <div className="flex flex-wrap justify-end gap-1">
            {(["approve", "reject", "remove"] as const)
              .filter((a) => canDo(a, l.status))
              .map((a) => (
                <Button key={a} size="sm" variant={a === "approve" ? "primary" : "secondary"} disabled={one.isPending} loading={one.isPending && one.variables?.link.id === l.id && one.variables.action === a} onClick={() => one.mutate({ link: l, action: a })}>
                  {verb[a]}
                  <span className="sr-only"> “{l.anchor}” in {l.source_title}</span>
                </Button>
              ))}
          </div>
        ),
    },
  ];

  const n = (a: LinkAction) => actionable(chosen, a).length;
  const links = (k: number) => `${formatNumber(k)} link${k === 1 ? "" : "s"}`;
  const statusLink = (status: string) => `/t/${ws.slug}/sites/${siteId}/links${status ? `?status=${status}` : ""}`;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link className="text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/sites/${siteId}`}>
          {s.name}
        </Link>{" "}
        / internal links
      </nav>
      <PageHeader title="Internal links" description={<>Links between the posts of {s.name}: suggested by the Linker, inserted into a post only when approved, removable again.</>} />
      <StatsCards
        className="mb-4"
        loading={counts.isPending}
        stats={[
          { label: "Suggested", value: formatNumber(c?.suggested ?? 0), hint: "waiting for a decision", to: statusLink("suggested") },
          { label: "Inserted", value: formatNumber(c?.inserted ?? 0), hint: "in live posts", to: statusLink("inserted") },
          { label: "On their way", value: formatNumber((c?.approved ?? 0) + (c?.removing ?? 0)), hint: "approved or being removed", to: statusLink("approved"), tone: (c?.approved ?? 0) + (c?.removing ?? 0) > 0 ? "warn" : "default" },
          { label: "Rejected or removed", value: formatNumber((c?.rejected ?? 0) + (c?.removed ?? 0)), hint: "never suggested again", to: statusLink("rejected") },
        ]}
      />
      <p className="mb-4 text-sm text-gray-700 dark:text-gray-300" data-testid="linking-schedule">
        {schedules.isPending ? (
          "Loading the linking schedule…"
        ) : !linking ? (
          "This site has no linking schedule: suggest links from each article's Links tab."
        ) : (
          <>
            Linking schedule: <Badge tone={linking.enabled ? "green" : "gray"}>{linking.enabled ? "On" : "Off"}</Badge> {cadenceText(linking.spec)}, up to {formatNumber(linking.batch_size)} articles a run
            {linking.enabled && linking.next_run ? `, next ${formatDateTime(linking.next_run)}` : ""} — it suggests links for new articles and carries out approved ones.{" "}
            <Link className="underline" to={`/t/${ws.slug}/sites/${siteId}#site-automation`}>
              Change it in the site's automation
            </Link>
          </>
        )}
      </p>
      <FilterPanel filters={defs} values={state.filters} onChange={(patch) => update({ filters: patch })} />
      <DataTable<InternalLink>
        caption={`Internal links of ${s.name}`}
        columns={columns}
        rows={page.data}
        rowKey={(l) => l.id}
        loading={page.isFetching}
        error={page.error}
        onRetry={() => void page.refetch()}
        total={total}
        page={state.page}
        perPage={perPage}
        onPageChange={(p) => update({ page: p })}
        onPerPageChange={(k) => update({ perPage: Math.min(k, MAX_BULK_LINKS), page: 1 })}
        sort={state.sort}
        onSortChange={(so) => update({ sort: so })}
        selection={canEdit ? { ids: selected, onChange: setSelected, allMatching: false, onAllMatchingChange: () => {}, pageOnly: true } : undefined}
        bulkActions={() => (
          <div className="flex flex-wrap items-center gap-2" data-testid="bulk-bar">
            {n("approve") > 0 && (
              <Button size="sm" disabled={bulk.isPending} onClick={() => setConfirm("approve")}>
                <Check className="size-4" aria-hidden="true" />
                Approve {links(n("approve"))}
              </Button>
            )}
            {n("reject") > 0 && (
              <Button size="sm" variant="secondary" disabled={bulk.isPending} loading={bulk.isPending && bulk.variables === "reject"} onClick={() => bulk.mutate("reject")}>
                <X className="size-4" aria-hidden="true" />
                Reject {links(n("reject"))}
              </Button>
            )}
            {n("remove") > 0 && (
              <Button size="sm" variant="secondary" disabled={bulk.isPending} onClick={() => setConfirm("remove")}>
                <Unlink className="size-4" aria-hidden="true" />
                Remove {links(n("remove"))}
              </Button>
            )}
            {n("approve") + n("reject") + n("remove") === 0 && <span className="text-gray-700 dark:text-gray-300">Nothing to decide: these links are on their way or done.</span>}
          </div>
        )}
        empty={
          filtered ? (
            <EmptyState
              title="No link matches these filters"
              action={
                <Button variant="secondary" onClick={() => update({ filters: { q: undefined, status: undefined, type: undefined } })}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              title="No internal links yet"
              body="Open a published article's Links tab and choose Suggest links, or turn on the linking schedule in the site's automation."
              action={
                <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/writer/tasks?site=${siteId}`}>
                  Go to the site's articles
                </Link>
              }
            />
          )
        }
      />
      <ConfirmDialog
        open={!!confirm}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={confirm === "approve" ? `Insert ${links(n("approve"))} into their articles?` : `Remove ${links(n("remove"))} from their articles?`}
        body={
          confirm === "approve"
            ? `Each goes into its article's text and, when the article is live, into its post on ${s.name}, once. At most 5 per post: a link over the cap is skipped with the reason.`
            : `Each link is unwrapped in its article and its post on ${s.name}; the anchor text stays.`
        }
        confirmLabel={confirm === "approve" ? `Approve ${links(n("approve"))}` : `Remove ${links(n("remove"))}`}
        destructive={confirm === "remove"}
        onConfirm={() => bulk.mutateAsync(confirm!)}
      />
    </>
  );
}
