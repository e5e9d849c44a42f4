// One cluster: its receipt, rename, ideas, and the keywords in it.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { useWorkspace } from "@/hooks/useWorkspace";
import { useRecordEvents } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import { clusterKeywords, getCluster, plannerKeys, type Cluster } from "./api";
import { ClusterCard } from "./ClustersPage";

export function ClusterPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const id = useParams().id ?? "";
  const c = useQuery({ queryKey: plannerKeys.cluster(ws.id, id), queryFn: ({ signal }) => getCluster(id, signal) });
  const kws = useQuery({ queryKey: [...plannerKeys.cluster(ws.id, id), "keywords"], queryFn: ({ signal }) => clusterKeywords(ws.id, id, signal) });
  useRecordEvents<Cluster>("clusters", id, () => void qc.invalidateQueries({ queryKey: plannerKeys.cluster(ws.id, id) }));
  if (c.isPending) return <PageLoading />;
  if (c.isError) return <PageError error={c.error} onRetry={() => void c.refetch()} />;
  const cluster = c.data;
  return (
    <>
      <PageHeader
        title={cluster.name}
        description={
          <Link className="underline" to={`/t/${ws.slug}/planner/clusters?site=${cluster.site}`}>
            All clusters
          </Link>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <ClusterCard cluster={cluster} detail />
        <section aria-labelledby="cluster-keywords" className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
          <h2 id="cluster-keywords" className="border-b border-gray-200 px-4 py-3 text-sm font-semibold dark:border-gray-800">
            Keywords {kws.data && `(${formatNumber(kws.data.totalItems)})`}
          </h2>
          {kws.isPending ? (
            <PageLoading label="Loading keywords" />
          ) : kws.isError ? (
            <PageError error={kws.error} onRetry={() => void kws.refetch()} />
          ) : kws.data.items.length === 0 ? (
            <EmptyState title="No keywords in this cluster" />
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" aria-labelledby="cluster-keywords">
                <thead className="text-left text-xs text-gray-600 uppercase dark:text-gray-400">
                  <tr>
                    <th scope="col" className="px-4 py-2">
                      Keyword
                    </th>
                    <th scope="col" className="px-4 py-2 text-right">
                      Volume
                    </th>
                    <th scope="col" className="px-4 py-2 text-right">
                      KD
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Intent
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
                  {kws.data.items.map((k) => (
                    <tr key={k.id}>
                      <td className="px-4 py-2 break-words">{k.keyword}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{formatNumber(k.volume)}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{k.difficulty ? formatNumber(k.difficulty) : "—"}</td>
                      <td className="px-4 py-2">{k.intent || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {kws.data.totalItems > kws.data.items.length && (
                <p className="px-4 py-2 text-sm">
                  <Link className="underline" to={`/t/${ws.slug}/planner/keywords?site=${cluster.site}&cluster=${cluster.id}`}>
                    All {formatNumber(kws.data.totalItems)} in the keywords table
                  </Link>
                </p>
              )}
            </div>
          )}
        </section>
      </div>
    </>
  );
}
