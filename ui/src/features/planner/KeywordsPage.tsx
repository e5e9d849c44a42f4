// Planner → Keywords: the workspace's keywords of one site, paged, sorted and filtered
// on the server with the state in the URL, bulk actions as one server call each (on the
// checked rows or on all N matching), paste and import, and clustering with its cost.
import { useEffect, useMemo, useRef, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { ArrowDown, ArrowUp, ClipboardPaste, Sparkles, Upload } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Button } from "@/components/ui/Button";
import { Badge, type Tone } from "@/components/ui/Badge";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useTableUrlState } from "@/hooks/useTableUrlState";
import { useResync, useTopic } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import { countKeywords, listKeywords, plannerKeys, type Keyword } from "./api";
import { filterFromParams, filterKeys, filterToParams, isFiltered, type KeywordFilter } from "./filter";
import { KeywordFilters } from "./KeywordFilters";
import { BulkBar } from "./BulkBar";
import { ClusterDialog } from "./ClusterDialog";
import { PasteDialog } from "./PasteDialog";
import { NoSite, SitePicker } from "./SitePicker";
import { useSite } from "./useSite";
import { usePlannerStore } from "./store";
import { Pager } from "./Pager";

const statusTone: Record<string, Tone> = { new: "brand", clustered: "green", in_use: "amber", archived: "gray" };

const columns: { key: string; label: string; sort?: string; numeric?: boolean }[] = [
  { key: "keyword", label: "Keyword", sort: "keyword" },
  { key: "volume", label: "Volume", sort: "volume", numeric: true },
  { key: "difficulty", label: "KD", sort: "difficulty", numeric: true },
  { key: "cpc", label: "CPC", sort: "cpc", numeric: true },
  { key: "intent", label: "Intent", sort: "intent" },
  { key: "status", label: "Status", sort: "status" },
  { key: "cluster", label: "Cluster" },
];

export function KeywordsPage() {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const { sites, site, choose } = useSite(ws.id);
  const [state, update] = useTableUrlState({ defaultSort: "-volume", defaultPerPage: 50, filterKeys: filterKeys.filter((k) => k !== "site") });
  const filter: KeywordFilter = useMemo(() => ({ ...filterFromParams(state.filters), site: site?.id }), [state.filters, site?.id]);
  const { selected, allMatching } = usePlannerStore((s) => s.ui);
  const setUi = usePlannerStore((s) => s.set);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [clusterAllOpen, setClusterAllOpen] = useState(false);

  // a new filter, page or site starts a new selection
  const selectionScope = JSON.stringify([filter, state.page, state.perPage, state.sort]);
  useEffect(() => setUi({ selected: [], allMatching: false }), [selectionScope, setUi]);

  const enabled = !!site;
  const page = useQuery({
    queryKey: plannerKeys.keywords(ws.id, filter, state.page, state.perPage, state.sort),
    queryFn: ({ signal }) => listKeywords(ws.id, filter, state.page, state.perPage, state.sort, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
  const count = useQuery({
    queryKey: plannerKeys.keywordCount(ws.id, filter),
    queryFn: ({ signal }) => countKeywords(ws.id, filter, signal),
    placeholderData: keepPreviousData,
    enabled,
  });

  // bulk writes send one message per site on the workspace's topic: refetch what is on screen
  useTopic<{ site?: string }>(`igny8/keywords/${ws.id}`, (m) => {
    if (!m.site || m.site === site?.id) void qc.invalidateQueries({ queryKey: [ws.id, "planner"] });
  });
  useResync(() => void qc.invalidateQueries({ queryKey: [ws.id, "planner"] }));

  if (sites.isPending) return <PageLoading />;
  if (sites.isError) return <PageError error={sites.error} onRetry={() => void sites.refetch()} />;
  if (!site) {
    return (
      <>
        <PageHeader title="Keywords" description="The search terms you want to rank for." />
        <NoSite tenant={ws.id} />
      </>
    );
  }

  const items = page.data ?? [];
  const total = count.data;
  const pageIds = items.map((k) => k.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.includes(id));
  const toggle = (id: string) => setUi({ allMatching: false, selected: selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id] });
  const toggleAll = () => setUi({ allMatching: false, selected: allOnPage ? [] : pageIds });
  const selection = allMatching ? { filter } : { ids: selected };
  const selectedCount = allMatching ? (total ?? 0) : selected.length;
  const sortBy = (key: string) => update({ sort: state.sort === `-${key}` ? key : `-${key}` });

  return (
    <>
      <PageHeader
        title="Keywords"
        description={
          <>
            {site.name} · {total === undefined ? "counting…" : `${formatNumber(total)} keyword${total === 1 ? "" : "s"}${isFiltered(filter) ? " match" : ""}`}
          </>
        }
        actions={
          <>
            <SitePicker sites={sites.data ?? []} value={site.id} onChange={choose} />
            {canEdit && (
              <>
                <Button variant="secondary" onClick={() => setPasteOpen(true)}>
                  <ClipboardPaste className="size-4" aria-hidden="true" />
                  Paste keywords
                </Button>
                <Link
                  to={`/t/${ws.slug}/planner/import?site=${encodeURIComponent(site.id)}`}
                  className="inline-flex h-10 items-center gap-2 rounded-lg border border-gray-300 bg-white px-4 text-sm font-medium text-gray-800 hover:bg-gray-100 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100 dark:hover:bg-gray-800"
                >
                  <Upload className="size-4" aria-hidden="true" />
                  Import CSV
                </Link>
                <Button onClick={() => setClusterAllOpen(true)}>
                  <Sparkles className="size-4" aria-hidden="true" />
                  Cluster new keywords
                </Button>
              </>
            )}
          </>
        }
      />
      <KeywordFilters tenant={ws.id} site={site.id} filter={filter} onChange={(f) => update({ filters: filterToParams({ ...f, site: undefined }) })} />

      {canEdit && selectedCount > 0 && (
        <BulkBar tenant={ws.id} slug={ws.slug} site={site.id} selection={selection} count={selectedCount} onDone={() => setUi({ selected: [], allMatching: false })} />
      )}
      {canEdit && allOnPage && !allMatching && total !== undefined && total > items.length && (
        <p className="mb-2 rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-900 dark:bg-brand-950 dark:text-brand-100">
          All {formatNumber(items.length)} keywords on this page are selected.{" "}
          <button type="button" className="font-medium underline" onClick={() => setUi({ allMatching: true })}>
            Select all {formatNumber(total)} matching
          </button>
        </p>
      )}
      {allMatching && (
        <p className="mb-2 rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-900 dark:bg-brand-950 dark:text-brand-100">
          All {formatNumber(total)} matching keywords are selected.{" "}
          <button type="button" className="font-medium underline" onClick={() => setUi({ allMatching: false, selected: [] })}>
            Clear selection
          </button>
        </p>
      )}

      <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <table className="w-full min-w-[44rem] text-sm" aria-label="Keywords" aria-busy={page.isFetching || undefined}>
          <thead className="border-b border-gray-200 text-left text-xs text-gray-600 uppercase dark:border-gray-800 dark:text-gray-400">
            <tr>
              {canEdit && (
                <th scope="col" className="w-10 px-3 py-2">
                  <input type="checkbox" aria-label="Select all keywords on this page" checked={allOnPage} onChange={toggleAll} disabled={items.length === 0} />
                </th>
              )}
              {columns.map((c) => {
                const dir = state.sort === c.sort ? "ascending" : state.sort === `-${c.sort}` ? "descending" : undefined;
                return (
                  <th key={c.key} scope="col" aria-sort={c.sort ? (dir ?? "none") : undefined} className={`px-3 py-2 font-medium ${c.numeric ? "text-right" : ""}`}>
                    {c.sort ? (
                      <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-gray-900 dark:hover:text-gray-100" onClick={() => sortBy(c.sort!)}>
                        {c.label}
                        {dir === "ascending" && <ArrowUp className="size-3" aria-hidden="true" />}
                        {dir === "descending" && <ArrowDown className="size-3" aria-hidden="true" />}
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
            {page.isPending ? (
              <SkeletonRows cols={columns.length + (canEdit ? 1 : 0)} />
            ) : page.isError ? (
              <tr>
                <td colSpan={columns.length + 1}>
                  <PageError error={page.error} onRetry={() => void page.refetch()} />
                </td>
              </tr>
            ) : items.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 1}>
                  {isFiltered(filter) ? (
                    <EmptyState
                      title="No keyword matches these filters"
                      action={
                        <Button variant="secondary" onClick={() => update({ filters: filterToParams({}) })}>
                          Clear filters
                        </Button>
                      }
                    />
                  ) : (
                    <EmptyState
                      title="No keywords yet"
                      body={canEdit ? "Import a CSV export from Semrush, Ahrefs or Keyword Planner, or paste a list." : "An editor of the workspace imports them."}
                      action={
                        canEdit && (
                          <Button variant="secondary" onClick={() => setPasteOpen(true)}>
                            Paste keywords
                          </Button>
                        )
                      }
                    />
                  )}
                </td>
              </tr>
            ) : (
              items.map((k) => <KeywordRow key={k.id} k={k} canEdit={canEdit} checked={allMatching || selected.includes(k.id)} onToggle={() => toggle(k.id)} slug={ws.slug} />)
            )}
          </tbody>
        </table>
      </div>
      <Pager page={state.page} perPage={state.perPage} shown={items.length} total={total} onPage={(p) => update({ page: p })} onPerPage={(n) => update({ perPage: n, page: 1 })} />

      {canEdit && <PasteDialog open={pasteOpen} onOpenChange={setPasteOpen} site={site.id} siteName={site.name} />}
      {canEdit && (
        <ClusterDialog
          open={clusterAllOpen}
          onOpenChange={setClusterAllOpen}
          tenant={ws.id}
          slug={ws.slug}
          selection={{ filter: { site: site.id, cluster: "none" } }}
          title={`Cluster the new keywords of ${site.name}`}
        />
      )}
    </>
  );
}

function KeywordRow({ k, canEdit, checked, onToggle, slug }: { k: Keyword & { expand?: { cluster?: { id: string; name: string } } }; canEdit: boolean; checked: boolean; onToggle: () => void; slug: string }) {
  const cluster = k.expand?.cluster;
  return (
    <tr className={checked ? "bg-brand-50/60 dark:bg-brand-950/40" : undefined} data-testid="keyword-row">
      {canEdit && (
        <td className="px-3 py-2">
          <input type="checkbox" aria-label={`Select ${k.keyword}`} checked={checked} onChange={onToggle} />
        </td>
      )}
      <td className="max-w-[24rem] px-3 py-2 font-medium break-words">{k.keyword}</td>
      <td className="px-3 py-2 text-right tabular-nums">{k.volume_raw || formatNumber(k.volume)}</td>
      <td className="px-3 py-2 text-right tabular-nums">{k.difficulty ? formatNumber(k.difficulty) : "—"}</td>
      <td className="px-3 py-2 text-right tabular-nums">{k.cpc ? k.cpc.toFixed(2) : "—"}</td>
      <td className="px-3 py-2">{k.intent || "—"}</td>
      <td className="px-3 py-2">
        <Badge tone={statusTone[k.status] ?? "gray"}>{k.status || "new"}</Badge>
      </td>
      <td className="px-3 py-2">
        {cluster ? (
          <Link className="text-brand-700 underline dark:text-brand-300" to={`/t/${slug}/planner/clusters/${cluster.id}`}>
            {cluster.name}
          </Link>
        ) : (
          "—"
        )}
      </td>
    </tr>
  );
}

function SkeletonRows({ cols }: { cols: number }) {
  const rows = useRef(Array.from({ length: 8 }, (_, i) => i)).current;
  return (
    <>
      {rows.map((r) => (
        <tr key={r} aria-hidden="true">
          {Array.from({ length: cols }, (_, i) => (
            <td key={i} className="px-3 py-3">
              <div className="h-3 w-full max-w-32 animate-pulse rounded bg-gray-200 dark:bg-gray-800" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
