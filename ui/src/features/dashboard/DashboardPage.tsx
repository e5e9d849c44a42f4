// The Dashboard answers at a glance: what credits are left of the plan and when
// they reset, what is running or failed, how far each site's pipeline got, and the
// last 30 days of spending and publishing — and offers the next step from there.
import { useRef } from "react";
import { Link } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, Globe } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { StatsCards } from "@/components/StatsCards";
import { BarChart } from "@/components/BarChart";
import { EmptyState, PageError } from "@/components/States";
import { Progress } from "@/components/ui/Progress";
import { Skeleton } from "@/components/ui/Spinner";
import { Can } from "@/components/ActionButtons";
import { VerifyEmailNotice } from "@/features/auth/VerifyPage";
import { useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useRecordEvents } from "@/realtime/useRealtime";
import { formatDate, formatNumber } from "@/lib/format";
import { AutopilotBadge } from "@/features/sites/AutopilotPanel";
import { dashboardKey, fetchDashboard, type Dashboard, type DashboardSite } from "./api";

const shortDay = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/** The next step of a site's pipeline, from where it is. */
export function nextStep(s: DashboardSite): { label: string; to: string } {
  if (s.keywords === 0) return { label: "Import keywords", to: "planner/import" };
  if (s.clusters === 0) return { label: "Cluster the keywords", to: "planner/keywords" };
  if (s.ideas === 0) return { label: "Generate ideas", to: "planner/clusters" };
  if (s.tasks === 0) return { label: "Queue ideas to the Writer", to: "planner/ideas" };
  return { label: "Review ideas", to: "planner/ideas" };
}

export function DashboardPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: dashboardKey(ws.id), queryFn: ({ signal }) => fetchDashboard(ws.id, signal) });

  // Live: a job that starts or finishes, or a balance change, refreshes the figures (at most every 2 s).
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void qc.invalidateQueries({ queryKey: dashboardKey(ws.id) });
    }, 2000);
  };
  useCollectionEvents<{ status: string }>("jobs", ws.id, (e) => {
    if (e.action !== "update" || e.record.status !== "running") refresh();
  });
  useRecordEvents("tenants", ws.id, refresh);

  return (
    <>
      <div className="-mx-4 -mt-4 mb-4 sm:-mx-6 sm:-mt-6">
        <VerifyEmailNotice />
      </div>
      <PageHeader title="Dashboard" description={<span className="break-words">{ws.name}</span>} />
      {q.isError ? <PageError error={q.error} onRetry={() => void q.refetch()} /> : <DashboardBody d={q.data} slug={ws.slug} />}
    </>
  );
}

function DashboardBody({ d, slug }: { d: Dashboard | undefined; slug: string }) {
  const c = d?.credits;
  const planShare = c && c.monthly > 0 ? (c.plan / c.monthly) * 100 : 0;
  const totals = d?.sites.reduce(
    (t, s) => ({ keywords: t.keywords + s.keywords, published: t.published + s.published }),
    { keywords: 0, published: 0 },
  );
  return (
    <div className="space-y-6">
      <StatsCards
        loading={!d}
        stats={[
          {
            label: "Credits left",
            value: c ? formatNumber(c.total) : "",
            tone: c && c.total === 0 ? "bad" : undefined,
            hint: c ? `${formatNumber(c.plan)} of ${formatNumber(c.monthly)} plan credits (${c.planName || "plan"}) until ${formatDate(c.resetAt)}${c.topup ? ` + ${formatNumber(c.topup)} top-up` : ""}` : undefined,
          },
          {
            label: "Jobs running",
            value: d ? formatNumber(d.jobs.running) : "",
            hint: d ? `${formatNumber(d.jobs.queued)} queued` : undefined,
            to: `/t/${slug}/jobs`,
          },
          {
            label: "Jobs failed",
            value: d ? formatNumber(d.jobs.failed) : "",
            tone: d && d.jobs.failedLast24h > 0 ? "bad" : undefined,
            hint: d ? `${formatNumber(d.jobs.failedLast24h)} in the last 24 hours` : undefined,
            to: `/t/${slug}/jobs?status=failed`,
          },
          {
            label: "Keywords",
            value: totals ? formatNumber(totals.keywords) : "",
            hint: totals ? `${formatNumber(totals.published)} articles published` : undefined,
            to: `/t/${slug}/planner/keywords`,
          },
        ]}
      />
      {c && c.monthly > 0 && (
        <section aria-label="Plan credits" className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
          <div className="mb-2 flex flex-wrap justify-between gap-2 text-sm">
            <span className="font-medium">Plan credits this period</span>
            <span className="text-gray-700 tabular-nums dark:text-gray-300">
              {formatNumber(c.plan)} / {formatNumber(c.monthly)} left · resets {formatDate(c.resetAt)}
            </span>
          </div>
          <Progress value={planShare} label="Plan credits left" />
          {c.total === 0 && (
            <p className="mt-2 text-sm text-red-700 dark:text-red-400">
              No credits left: AI actions are paused until the reset, a top-up or a bigger plan (Billing).
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="pipeline-h" className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <h2 id="pipeline-h" className="border-b border-gray-200 px-4 py-3 text-base font-semibold dark:border-gray-800">
          Pipeline by site
        </h2>
        {!d ? (
          <div className="space-y-2 p-4">
            <Skeleton className="h-5 w-full" />
            <Skeleton className="h-5 w-2/3" />
          </div>
        ) : d.sites.length === 0 ? (
          <EmptyState
            icon={<Globe className="size-8" aria-hidden="true" />}
            title="No site yet"
            body="Add the WordPress site you write for, then import its keywords."
            action={
              <Can>
                <Link to={`/t/${slug}/planner/keywords`} className="inline-flex h-10 items-center gap-2 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
                  Add a site <ArrowRight className="size-4" aria-hidden="true" />
                </Link>
              </Can>
            }
          />
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm" data-testid="pipeline">
              <caption className="sr-only">Pipeline counts per site</caption>
              <thead className="text-xs text-gray-700 uppercase dark:text-gray-300">
                <tr className="border-b border-gray-200 dark:border-gray-800">
                  <th scope="col" className="px-4 py-2 text-left">Site</th>
                  {["Keywords", "Clusters", "Ideas", "Tasks", "Articles", "Published"].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2 text-right">
                      {h}
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2 text-left">Autopilot</th>
                  <th scope="col" className="px-4 py-2 text-left">
                    <span className="sr-only">Next step</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
                {d.sites.map((s) => {
                  const next = nextStep(s);
                  return (
                    <tr key={s.id}>
                      <th scope="row" className="max-w-[14rem] px-4 py-2 text-left font-medium">
                        <span className="block truncate">{s.name}</span>
                        <span className="block truncate text-xs font-normal text-gray-600 dark:text-gray-400">{s.url}</span>
                      </th>
                      {[s.keywords, s.clusters, s.ideas, s.tasks, s.articles, s.published].map((n, i) => (
                        <td key={i} className="px-3 py-2 text-right tabular-nums">
                          {formatNumber(n)}
                        </td>
                      ))}
                      <td className="px-3 py-2 whitespace-nowrap">
                        <AutopilotBadge siteId={s.id} slug={slug} />
                      </td>
                      <td className="px-4 py-2 whitespace-nowrap">
                        <Can>
                          <Link to={`/t/${slug}/${next.to}`} className="font-medium text-brand-700 underline dark:text-brand-300">
                            {next.label}
                          </Link>
                        </Can>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
          {d ? (
            <BarChart title="Credits spent, last 30 days" unit="credits" bars={d.days.map((x) => ({ label: shortDay(x.date), value: x.creditsSpent }))} />
          ) : (
            <Skeleton className="h-40 w-full" />
          )}
        </section>
        <section className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
          {d ? (
            <BarChart title="Articles published, last 30 days" unit="articles" bars={d.days.map((x) => ({ label: shortDay(x.date), value: x.published }))} />
          ) : (
            <Skeleton className="h-40 w-full" />
          )}
        </section>
      </div>
    </div>
  );
}
