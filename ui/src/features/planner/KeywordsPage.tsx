// Planner → Keywords: the workspace's keywords of one site, paged, sorted and filtered
// on the server with the state in the URL, bulk actions as one server call each (on the
// checked rows or on all N matching), paste and import, and clustering with its cost.
import { useEffect, useMemo, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { ClipboardPaste, Sparkles, Upload } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { DataTable, type Column } from "@/components/DataTable/DataTable";
import { FilterPanel, filterKeys as panelKeys, type FilterDef } from "@/components/FilterPanel";
import { Button } from "@/components/ui/Button";
import { Badge, type Tone } from "@/components/ui/Badge";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useTableUrlState } from "@/hooks/useTableUrlState";
import { useResync, useTopic } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import { clusterOptions, countKeywords, listKeywords, plannerKeys, type Keyword } from "./api";
import { CLUSTER_NONE, filterFromParams, intents, isFiltered, keywordStatuses, sources, type KeywordFilter } from "./filter";
import { BulkActions } from "./BulkActions";
import { ClusterDialog } from "./ClusterDialog";
import { PasteDialog } from "./PasteDialog";
import { NoSite, SitePicker } from "./SitePicker";
import { useSite } from "./useSite";
import { usePlannerStore } from "./store";

const statusTone: Record<string, Tone> = { new: "brand", clustered: "green", in_use: "amber", archived: "gray" };

type Row = Keyword & { expand?: { cluster?: { id: string; name: string } } };

// Sortable only where an index keeps a 100k-keyword site fast: the keyword (by its
// normalized form, idx_keywords_site_normalized), volume and difficulty
// (docs/PERFORMANCE.md "Web app").
function columns(slug: string): Column<Row>[] {
  return [
    { id: "keyword", header: "Keyword", sortField: "normalized", cell: (k) => <span className="font-medium break-words">{k.keyword}</span>, className: "max-w-[24rem]" },
    { id: "volume", header: "Volume", sortField: "volume", align: "right", cell: (k) => k.volume_raw || formatNumber(k.volume) },
    { id: "difficulty", header: "KD", sortField: "difficulty", align: "right", cell: (k) => (k.difficulty ? formatNumber(k.difficulty) : "—") },
    { id: "cpc", header: "CPC", align: "right", hideOnMobile: true, cell: (k) => (k.cpc ? k.cpc.toFixed(2) : "—") },
    { id: "intent", header: "Intent", hideOnMobile: true, cell: (k) => k.intent || "—" },
    { id: "status", header: "Status", cell: (k) => <Badge tone={statusTone[k.status] ?? "gray"}>{k.status || "new"}</Badge> },
    {
      id: "cluster",
      header: "Cluster",
      hideOnMobile: true,
      cell: (k) =>
        k.expand?.cluster ? (
          <Link className="text-brand-700 underline dark:text-brand-300" to={`/t/${slug}/planner/clusters/${k.expand.cluster.id}`}>
            {k.expand.cluster.name}
          </Link>
        ) : (
          "—"
        ),
    },
  ];
}

export function KeywordsPage() {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const { sites, site, choose } = useSite(ws.id);
  const clusters = useQuery({ queryKey: plannerKeys.clusterOptions(ws.id, site?.id ?? ""), queryFn: ({ signal }) => clusterOptions(ws.id, site!.id, signal), enabled: !!site, staleTime: 30_000 });
  const defs: FilterDef[] = useMemo(
    () => [
      { type: "search", key: "search", label: "Search keywords" },
      { type: "range", key: "volume", label: "Volume", min: 0 },
      { type: "range", key: "kd", label: "KD", min: 0, max: 100 },
      { type: "select", key: "intent", label: "Intent", options: intents.map((i) => ({ value: i, label: i })) },
      { type: "select", key: "status", label: "Status", options: keywordStatuses.map((s) => ({ value: s, label: s.replace("_", " ") })) },
      {
        type: "select",
        key: "cluster",
        label: "Cluster",
        options: [{ value: CLUSTER_NONE, label: "In no cluster" }, ...(clusters.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.keyword_count})` }))],
      },
      { type: "select", key: "source", label: "Source", options: sources },
    ],
    [clusters.data],
  );
  const [state, update] = useTableUrlState({ defaultSort: "-volume", defaultPerPage: 50, filterKeys: panelKeys(defs) });
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

  const total = count.data;
  const selection = allMatching ? { filter } : { ids: selected };

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
      <FilterPanel filters={defs} values={state.filters} onChange={(patch) => update({ filters: patch })} />
      <DataTable<Row>
        caption={`Keywords of ${site.name}`}
        columns={columns(ws.slug)}
        rows={page.data}
        rowKey={(k) => k.id}
        loading={page.isFetching}
        error={page.error}
        onRetry={() => void page.refetch()}
        total={total}
        page={state.page}
        perPage={state.perPage}
        onPageChange={(p) => update({ page: p })}
        onPerPageChange={(n) => update({ perPage: n, page: 1 })}
        sort={state.sort}
        onSortChange={(s) => update({ sort: s })}
        selection={
          canEdit
            ? {
                ids: new Set(selected),
                onChange: (ids) => setUi({ selected: [...ids] }),
                allMatching,
                onAllMatchingChange: (all) => setUi({ allMatching: all }),
              }
            : undefined
        }
        bulkActions={(count) => <BulkActions tenant={ws.id} slug={ws.slug} site={site.id} selection={selection} count={count} onDone={() => setUi({ selected: [], allMatching: false })} />}
        empty={
          isFiltered(filter) ? (
            <EmptyState
              title="No keyword matches these filters"
              action={
                <Button variant="secondary" onClick={() => update({ filters: Object.fromEntries(panelKeys(defs).map((k) => [k, undefined])) })}>
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
          )
        }
      />

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
