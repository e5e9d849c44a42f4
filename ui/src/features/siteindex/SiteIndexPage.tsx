// A site's index: every post and page igny8 read from the WordPress site (title and
// address, kind, categories, words, publish date, whether igny8 wrote it), searchable by
// title, address and headings, filterable by kind and origin, paged and sorted on the
// server with its state in the URL. "Index now" reads the site again (editor+, free).
import { useMemo } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ExternalLink } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { DataTable, type Column } from "@/components/DataTable/DataTable";
import { FilterPanel, filterKeys, type FilterDef } from "@/components/FilterPanel";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { toast } from "@/components/ui/Toast";
import { formatDate, formatNumber } from "@/lib/format";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useTableUrlState } from "@/hooks/useTableUrlState";
import { useResync } from "@/realtime/useRealtime";
import { toastError } from "@/features/planner/errors";
import { getSite, sitesKeys } from "@/features/sites/api";
import { countPages, describeRun, indexSchedule, indexSite, lastIndexJob, listPages, siteIndexKeys, type PageFilter, type SitePage } from "./api";
import { indexBlocked, useIndexJobEvents } from "./SiteIndexPanel";

const defs: FilterDef[] = [
  { type: "search", key: "search", label: "Search titles, addresses and headings" },
  {
    type: "select",
    key: "kind",
    label: "Kind",
    options: [
      { value: "post", label: "Posts" },
      { value: "page", label: "Pages" },
    ],
  },
  {
    type: "select",
    key: "origin",
    label: "Written by",
    options: [
      { value: "igny8", label: "igny8" },
      { value: "other", label: "Anyone else" },
    ],
  },
];

export function SiteIndexPage() {
  const ws = useWorkspace();
  const canIndex = useCan("editor");
  const qc = useQueryClient();
  const siteId = useParams().id ?? "";
  const site = useQuery({ queryKey: sitesKeys.site(ws.id, siteId), queryFn: ({ signal }) => getSite(siteId, signal) });
  const [state, update] = useTableUrlState({ defaultSort: "-published_at", defaultPerPage: 50, filterKeys: filterKeys(defs) });
  const filter: PageFilter = useMemo(() => ({ search: state.filters.search, kind: state.filters.kind, origin: state.filters.origin }), [state.filters]);
  const page = useQuery({
    queryKey: siteIndexKeys.list(ws.id, siteId, filter, state.page, state.perPage, state.sort),
    queryFn: ({ signal }) => listPages(ws.id, siteId, filter, state.page, state.perPage, state.sort, signal),
    placeholderData: keepPreviousData,
  });
  const count = useQuery({ queryKey: siteIndexKeys.count(ws.id, siteId, filter), queryFn: ({ signal }) => countPages(ws.id, siteId, filter, signal), placeholderData: keepPreviousData });
  const job = useQuery({ queryKey: siteIndexKeys.job(ws.id, siteId), queryFn: ({ signal }) => lastIndexJob(ws.id, siteId, signal) });
  const schedule = useQuery({ queryKey: siteIndexKeys.schedule(ws.id, siteId), queryFn: ({ signal }) => indexSchedule(ws.id, siteId, signal), staleTime: 30_000 });
  useIndexJobEvents(ws.id, siteId);
  useResync(() => void qc.invalidateQueries({ queryKey: siteIndexKeys.all(ws.id) }));
  const start = useMutation({
    mutationFn: () => indexSite(siteId),
    onSuccess: () => {
      toast.success("Indexing queued", { body: "The list updates when the run is done. It is free." });
      void qc.invalidateQueries({ queryKey: siteIndexKeys.job(ws.id, siteId) });
    },
    onError: toastError,
  });

  if (site.isPending) return <PageLoading label="Loading the site" />;
  if (site.isError) return <PageError error={site.error} onRetry={() => void site.refetch()} />;
  const s = site.data;
  const running = job.data?.status === "queued" || job.data?.status === "running";
  const reason = indexBlocked(s);
  const filtered = !!(filter.search || filter.kind || filter.origin);

  const columns: Column<SitePage>[] = [
    {
      id: "title",
      header: "Title",
      sortField: "title",
      className: "max-w-[24rem]",
      cell: (p) => (
        <div className="min-w-0 space-y-0.5">
          <span className="font-medium break-words">{p.title || p.slug || p.url}</span>
          {/^https?:\/\//i.test(p.url) ? (
            <a className="flex items-center gap-1 text-xs break-all text-gray-700 underline dark:text-gray-300" href={p.url} target="_blank" rel="noreferrer noopener">
              {p.url.replace(/^https?:\/\//i, "")}
              <ExternalLink className="size-3 shrink-0" aria-hidden="true" />
              <span className="sr-only">(opens the live page)</span>
            </a>
          ) : (
            <span className="text-xs break-all text-gray-700 dark:text-gray-300">{p.url}</span>
          )}
          {p.headings && p.headings.length > 0 && (
            <p className="text-xs break-words text-gray-600 dark:text-gray-400" title={p.headings.join(" · ")}>
              {p.headings.slice(0, 3).join(" · ")}
              {p.headings.length > 3 ? ` · +${p.headings.length - 3}` : ""}
            </p>
          )}
        </div>
      ),
    },
    {
      id: "kind",
      header: "Kind",
      sortField: "kind",
      cell: (p) => (
        <span className="flex flex-wrap gap-1">
          <Badge tone="gray">{p.kind === "page" ? "page" : "post"}</Badge>
          {p.content && <Badge tone="brand">igny8</Badge>}
          {p.source === "sitemap" && <Badge tone="amber">from the sitemap</Badge>}
        </span>
      ),
    },
    { id: "categories", header: "Categories", hideOnMobile: true, className: "max-w-[14rem]", cell: (p) => <span className="break-words">{p.categories?.length ? p.categories.join(", ") : "—"}</span> },
    { id: "words", header: "Words", sortField: "word_count", align: "right", hideOnMobile: true, cell: (p) => (p.word_count ? formatNumber(p.word_count) : "—") },
    { id: "published", header: "Published", sortField: "published_at", hideOnMobile: true, cell: (p) => (p.published_at ? formatDate(p.published_at) : "—") },
  ];

  return (
    <>
      <PageHeader
        title="Site index"
        description={
          <span className="flex flex-wrap items-center gap-x-2">
            <span>{s.name}</span>
            <span aria-hidden="true">·</span>
            <span>The posts and pages igny8 read from the site; new ideas and articles are checked against them.</span>
            <Link className="underline" to={`/t/${ws.slug}/sites/${s.id}`}>
              Back to the site
            </Link>
          </span>
        }
        actions={
          canIndex && (
            <Button variant="secondary" loading={start.isPending} disabled={running || !!reason} title={reason || undefined} onClick={() => start.mutate()}>
              {running ? "Indexing…" : "Index now"}
            </Button>
          )
        }
      />
      <p className="mb-1 text-sm" data-testid="index-run" aria-live="polite">
        {job.isPending ? "" : describeRun(job.data)}
      </p>
      <p className="mb-3 text-sm text-gray-700 dark:text-gray-300">
        {schedule.data?.enabled ? "The site is indexed again on its schedule." : "Scheduled indexing is off: turn it on in the site's Automation panel, or index now."}
        {reason && canIndex ? ` ${reason}` : ""}
      </p>
      <FilterPanel filters={defs} values={state.filters} onChange={(patch) => update({ filters: patch, page: 1 })} />
      <DataTable<SitePage>
        caption={`Indexed pages of ${s.name}`}
        columns={columns}
        rows={page.data}
        rowKey={(p) => p.id}
        loading={page.isFetching}
        error={page.error}
        onRetry={() => void page.refetch()}
        total={count.data}
        page={state.page}
        perPage={state.perPage}
        onPageChange={(n) => update({ page: n })}
        onPerPageChange={(n) => update({ perPage: n, page: 1 })}
        sort={state.sort}
        onSortChange={(so) => update({ sort: so })}
        empty={
          filtered ? (
            <EmptyState title="No indexed page matches" body="Change the search or the filters." />
          ) : (
            <EmptyState
              title="Nothing indexed yet"
              body="Index the site: igny8 reads its published posts and pages (titles, addresses, headings, dates, categories) through the REST API, or the sitemap when the API hides them."
              action={
                canIndex && (
                  <Button disabled={running || !!reason} loading={start.isPending} onClick={() => start.mutate()}>
                    Index now
                  </Button>
                )
              }
            />
          )
        }
      />
    </>
  );
}
