// Planner → Clusters: each cluster's keywords, volume, intent and the receipt of why
// its keywords belong together; rename in place; ideas with their cost first.
import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { Lightbulb, Pencil } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Badge } from "@/components/ui/Badge";
import { Button, IconButton } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import { costOf, generateIdeas, getCosts, listClusters, plannerKeys, renameCluster, type Cluster } from "./api";
import { CostPreview, shortReason, useBalance } from "./CostPreview";
import { NoSite, SitePicker } from "./SitePicker";
import { useSite } from "./useSite";
import { Pagination } from "@/components/DataTable/Pagination";
import { toastError } from "./errors";
import { Receipt } from "./Receipt";
import { Suggestions } from "./Suggestions";

const PER_PAGE = 30;

export function useCosts() {
  return useQuery({ queryKey: plannerKeys.costs, queryFn: ({ signal }) => getCosts(signal), staleTime: 10 * 60_000 });
}

export function ClustersPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const { sites, site, choose } = useSite(ws.id);
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const search = params.get("search") ?? "";
  const [draft, setDraft] = useState(search);
  const q = useQuery({
    queryKey: plannerKeys.clusters(ws.id, site?.id ?? "", search, page),
    queryFn: ({ signal }) => listClusters(ws.id, site!.id, search, page, PER_PAGE, signal),
    enabled: !!site,
    placeholderData: keepPreviousData,
  });
  useCollectionEvents<Cluster>("clusters", ws.id, () => void qc.invalidateQueries({ queryKey: [ws.id, "planner", "clusters"] }));
  useResync(() => void qc.invalidateQueries({ queryKey: [ws.id, "planner"] }));

  if (sites.isPending) return <PageLoading />;
  if (sites.isError) return <PageError error={sites.error} onRetry={() => void sites.refetch()} />;
  if (!site) {
    return (
      <>
        <PageHeader title="Clusters" />
        <NoSite tenant={ws.id} />
      </>
    );
  }
  const setParam = (k: string, v: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        if (k !== "page") next.delete("page");
        return next;
      },
      { replace: true },
    );
  const items = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Clusters"
        description={`${site.name} · ${q.data ? `${formatNumber(q.data.totalItems)} cluster${q.data.totalItems === 1 ? "" : "s"}` : "…"}`}
        actions={<SitePicker sites={sites.data ?? []} value={site.id} onChange={choose} />}
      />
      <Suggestions tenant={ws.id} site={site.id} />
      <form
        role="search"
        className="mb-4 flex max-w-md gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setParam("search", draft.trim());
        }}
      >
        <label htmlFor="cluster-search" className="sr-only">
          Search clusters
        </label>
        <Input id="cluster-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Search clusters" />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {q.isPending ? (
        <PageLoading label="Loading clusters" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={search ? "No cluster matches" : "No clusters yet"}
          body={search ? undefined : "Cluster the site's keywords: the AI groups them by topic and intent."}
          action={
            !search && (
              <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/planner/keywords?site=${site.id}`}>
                Go to the keywords
              </Link>
            )
          }
        />
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2" aria-label="Clusters">
          {items.map((c) => (
            <li key={c.id}>
              <ClusterCard cluster={c} />
            </li>
          ))}
        </ul>
      )}
      {q.data && items.length > 0 && <Pagination page={page} perPage={PER_PAGE} shown={items.length} total={q.data.totalItems} onPageChange={(p) => setParam("page", String(p))} />}
    </>
  );
}

export function ClusterCard({ cluster: c, detail = false }: { cluster: Cluster; detail?: boolean }) {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const [editing, setEditing] = useState(false);
  return (
    <article className="h-full rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" data-testid="cluster-card" aria-labelledby={`cluster-${c.id}`}>
      <div className="flex items-start justify-between gap-2">
        {editing ? (
          <RenameForm cluster={c} onDone={() => setEditing(false)} />
        ) : (
          <h2 id={`cluster-${c.id}`} className="min-w-0 text-base font-semibold break-words">
            {detail ? c.name : <Link to={`/t/${ws.slug}/planner/clusters/${c.id}`} className="hover:underline">{c.name}</Link>}
          </h2>
        )}
        {canEdit && !editing && (
          <IconButton label={`Rename ${c.name}`} size="sm" onClick={() => setEditing(true)}>
            <Pencil className="size-4" aria-hidden="true" />
          </IconButton>
        )}
      </div>
      {c.description && <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">{c.description}</p>}
      <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Keywords</dt>
          <dd className="font-medium tabular-nums">
            <Link className="underline" to={`/t/${ws.slug}/planner/keywords?site=${c.site}&cluster=${c.id}`}>
              {formatNumber(c.keyword_count)}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Volume</dt>
          <dd className="font-medium tabular-nums">{formatNumber(c.total_volume)}</dd>
        </div>
        <div>
          <dt className="text-xs text-gray-600 dark:text-gray-400">Avg. KD</dt>
          <dd className="font-medium tabular-nums">{c.avg_difficulty ? formatNumber(c.avg_difficulty) : "—"}</dd>
        </div>
      </dl>
      <div className="mt-2 flex flex-wrap items-center gap-2">{c.intent && <Badge tone="brand">{c.intent}</Badge>}</div>
      <Receipt receipts={c.receipts} />
      {canEdit && <IdeasAction cluster={c} />}
    </article>
  );
}

function RenameForm({ cluster, onDone }: { cluster: Cluster; onDone: () => void }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const [name, setName] = useState(cluster.name);
  const save = useMutation({
    mutationFn: () => renameCluster(cluster.id, name.trim()),
    onSuccess: () => {
      toast.success("Cluster renamed");
      void qc.invalidateQueries({ queryKey: [ws.id, "planner"] });
      onDone();
    },
    onError: toastError,
  });
  return (
    <form
      className="flex w-full gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && name.trim() !== cluster.name) save.mutate();
        else onDone();
      }}
    >
      <label htmlFor={`rename-${cluster.id}`} className="sr-only">
        Cluster name
      </label>
      <Input id={`rename-${cluster.id}`} value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === "Escape" && onDone()} />
      <Button type="submit" size="md" loading={save.isPending}>
        Save
      </Button>
      <Button variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}

/** "Generate 3 ideas" with its cost: 1 credit per idea (the server's table). */
function IdeasAction({ cluster }: { cluster: Cluster }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const costs = useCosts();
  const balance = useBalance(ws.id);
  const [count, setCount] = useState(3);
  const need = costOf(costs.data, "idea", count);
  const reason = shortReason({ need, balance });
  const run = useMutation({
    mutationFn: () => generateIdeas(cluster.id, count),
    onSuccess: (r) => {
      toast.success(`Generating ideas for ${cluster.name}`, {
        body: `${formatNumber(r.credits)} credit${r.credits === 1 ? "" : "s"} reserved; the ideas appear when the job is done.`,
        link: { to: `/t/${ws.slug}/planner/ideas?site=${cluster.site}`, label: "Open Ideas" },
      });
      void qc.invalidateQueries({ queryKey: [ws.id, "planner", "ideas"] });
    },
    onError: toastError,
  });
  const costId = `ideas-cost-${cluster.id}`;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-gray-100 pt-3 dark:border-gray-800">
      <label className="flex items-center gap-1 text-sm">
        <span className="sr-only">Number of ideas for {cluster.name}</span>
        <select
          className="h-8 rounded-lg border border-gray-300 bg-white px-2 text-sm dark:border-gray-700 dark:bg-gray-900"
          value={count}
          onChange={(e) => setCount(Number(e.target.value))}
        >
          {[1, 2, 3, 5, 10].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <Button size="sm" variant="secondary" disabled={!!reason} title={reason} loading={run.isPending} onClick={() => run.mutate()} aria-describedby={costId}>
        <Lightbulb className="size-4" aria-hidden="true" />
        Generate {count} idea{count === 1 ? "" : "s"}
      </Button>
      <CostPreview id={costId} slug={ws.slug} need={need} balance={balance} />
    </div>
  );
}
