// Writer → Tasks: the writing assignments of one site (from queued ideas or by hand),
// paged, sorted and filtered on the server with the state in the URL; each row shows
// its live job (queued, writing 40 %), its cluster, keywords and target length, and
// opens its article once written. Generating one or many is one call, its cost first.
import { useEffect, useMemo, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { Sparkles } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { DataTable, type Column } from "@/components/DataTable/DataTable";
import { FilterPanel, filterKeys as panelKeys, type FilterDef } from "@/components/FilterPanel";
import { Button } from "@/components/ui/Button";
import { Badge, type Tone } from "@/components/ui/Badge";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useTableUrlState } from "@/hooks/useTableUrlState";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import type { Job } from "@/lib/types";
import { clusterOptions, plannerKeys } from "@/features/planner/api";
import { NoSite, SitePicker } from "@/features/planner/SitePicker";
import { useSite } from "@/features/planner/useSite";
import { ConflictBadge } from "./ConflictBadge";
import { OverlapBadge } from "@/features/overlaps/OverlapBadge";
import { OverlapSummary } from "@/features/overlaps/OverlapSummary";
import { useOverlapsOfMany } from "@/features/overlaps/useOverlaps";
import { activeJobsFor, listConflicts, contentsOfTasks, countTasks, listTasks, taskStatuses, writerKeys, type TaskFilter, type TaskRow } from "./api";
import { GenerateDialog } from "./GenerateDialog";
import { useWriterStore } from "./store";
import { taskKeywords } from "./text";

const statusTone: Record<string, Tone> = { queued: "gray", in_progress: "brand", done: "green", failed: "red", canceled: "amber" };
const statusName: Record<string, string> = { queued: "queued", in_progress: "writing", done: "written", failed: "failed", canceled: "canceled" };

type Written = Awaited<ReturnType<typeof contentsOfTasks>>;

export function TasksPage() {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const { sites, site, choose } = useSite(ws.id);
  const clusters = useQuery({ queryKey: plannerKeys.clusterOptions(ws.id, site?.id ?? ""), queryFn: ({ signal }) => clusterOptions(ws.id, site!.id, signal), enabled: !!site, staleTime: 30_000 });
  const defs: FilterDef[] = useMemo(
    () => [
      { type: "search", key: "search", label: "Search tasks" },
      { type: "select", key: "status", label: "Status", options: taskStatuses.map((s) => ({ value: s, label: statusName[s] ?? s })) },
      { type: "select", key: "cluster", label: "Cluster", options: (clusters.data ?? []).map((c) => ({ value: c.id, label: c.name })) },
    ],
    [clusters.data],
  );
  const [state, update] = useTableUrlState({ defaultSort: "-created", defaultPerPage: 25, filterKeys: panelKeys(defs) });
  const filter: TaskFilter = useMemo(() => ({ ...state.filters, site: site?.id }), [state.filters, site?.id]);
  const selected = useWriterStore((s) => s.ui.selectedTasks);
  const setUi = useWriterStore((s) => s.set);
  const [generate, setGenerate] = useState<string[] | null>(null);
  const scope = JSON.stringify([filter, state.page, state.perPage, state.sort]);
  useEffect(() => setUi({ selectedTasks: [] }), [scope, setUi]);

  const page = useQuery({
    queryKey: writerKeys.tasks(ws.id, filter, state.page, state.perPage, state.sort),
    queryFn: ({ signal }) => listTasks(ws.id, filter, state.page, state.perPage, state.sort, signal),
    placeholderData: keepPreviousData,
    enabled: !!site,
  });
  const count = useQuery({ queryKey: writerKeys.taskCount(ws.id, filter), queryFn: ({ signal }) => countTasks(ws.id, filter, signal), placeholderData: keepPreviousData, enabled: !!site });
  const ids = useMemo(() => (page.data ?? []).map((t) => t.id), [page.data]);
  const written = useQuery({ queryKey: writerKeys.taskContents(ws.id, ids), queryFn: ({ signal }) => contentsOfTasks(ws.id, ids, signal), enabled: ids.length > 0, placeholderData: keepPreviousData });
  const jobs = useQuery({ queryKey: writerKeys.taskJobs(ws.id, ids), queryFn: ({ signal }) => activeJobsFor(ws.id, ids, signal), enabled: ids.length > 0, placeholderData: keepPreviousData });

  const contentIds = useMemo(() => Object.values(written.data ?? {}).map((c) => c.id), [written.data]);
  const overlaps = useOverlapsOfMany(ws.id, "content", contentIds);
  const conflicts = useQuery({ queryKey: writerKeys.conflicts(ws.id, site?.id ?? ""), queryFn: ({ signal }) => listConflicts(ws.id, site!.id, signal), enabled: !!site });

  const refresh = () => void qc.invalidateQueries({ queryKey: [ws.id, "writer", "tasks"] });
  useCollectionEvents<TaskRow>("tasks", ws.id, refresh);
  useCollectionEvents("contents", ws.id, refresh);
  useCollectionEvents<Job>("jobs", ws.id, (e) => {
    if (e.record.type === "writer.content") refresh();
  });
  useResync(refresh);

  if (sites.isPending) return <PageLoading />;
  if (sites.isError) return <PageError error={sites.error} onRetry={() => void sites.refetch()} />;
  if (!site) {
    return (
      <>
        <PageHeader title="Writer" description="Articles from your ideas, edited and published to WordPress." />
        <NoSite tenant={ws.id} />
      </>
    );
  }
  const jobByTask = Object.fromEntries((jobs.data ?? []).map((j) => [j.target, j]));
  const filtered = Object.keys(state.filters).length > 0;
  const columns: Column<TaskRow>[] = [
    {
      id: "title",
      header: "Task",
      sortField: "title",
      className: "max-w-[22rem]",
      cell: (t) => {
        const c = written.data?.[t.id];
        return c ? (
          <Link className="font-medium break-words text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/writer/contents/${c.id}`}>
            {t.title}
          </Link>
        ) : (
          <span className="font-medium break-words">{t.title}</span>
        );
      },
    },
    {
      id: "status",
      header: "Status",
      cell: (t) => (
        <span className="inline-flex flex-wrap items-center gap-1">
          <TaskState task={t} job={jobByTask[t.id]} />
          {written.data?.[t.id]?.wp_conflict && <ConflictBadge />}
          <OverlapBadge overlaps={overlaps.data?.[written.data?.[t.id]?.id ?? ""]} />
        </span>
      ),
    },
    { id: "cluster", header: "Cluster", hideOnMobile: true, cell: (t) => t.expand?.cluster?.name ?? "—" },
    {
      id: "keywords",
      header: "Keywords",
      hideOnMobile: true,
      cell: (t) => {
        const k = taskKeywords(t.keywords);
        return k.length ? <span className="break-words">{k.slice(0, 3).join(", ") + (k.length > 3 ? ` +${k.length - 3}` : "")}</span> : "—";
      },
    },
    {
      id: "words",
      header: "Words / target",
      align: "right",
      sortField: "word_count_target",
      cell: (t) => <Words task={t} written={written.data} />,
    },
    ...(canEdit
      ? [
          {
            id: "actions",
            header: <span className="sr-only">Actions</span>,
            align: "right" as const,
            cell: (t: TaskRow) => {
              const busy = !!jobByTask[t.id];
              const c = written.data?.[t.id];
              return (
                <div className="flex justify-end gap-2">
                  {c && (
                    <Link className="inline-flex h-8 items-center rounded-lg border border-gray-300 px-3 text-sm font-medium hover:bg-gray-100 dark:border-gray-700 dark:hover:bg-gray-800" to={`/t/${ws.slug}/writer/contents/${c.id}`}>
                      Open<span className="sr-only"> the article of {t.title}</span>
                    </Link>
                  )}
                  <Button size="sm" variant={c ? "ghost" : "secondary"} disabled={busy} onClick={() => setGenerate([t.id])} aria-label={`${c ? "Write again" : "Generate"} ${t.title}`}>
                    {c ? "Write again" : "Generate"}
                  </Button>
                </div>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="Writer"
        description={
          <>
            {site.name} · {count.data === undefined ? "counting…" : `${formatNumber(count.data)} task${count.data === 1 ? "" : "s"}${filtered ? " match" : ""}`}
          </>
        }
        actions={<SitePicker sites={sites.data ?? []} value={site.id} onChange={choose} />}
      />
      {(conflicts.data?.totalItems ?? 0) > 0 && (
        <section aria-labelledby="conflicts-title" data-testid="conflicts-list" className="mb-3 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
          <h2 id="conflicts-title" className="font-semibold">
            {formatNumber(conflicts.data!.totalItems)} article{conflicts.data!.totalItems === 1 ? " was" : "s were"} edited in WordPress while a draft was in progress
          </h2>
          <p className="mt-0.5">Both texts are kept. Open each to compare them and keep one; publishing waits until then.</p>
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
            {conflicts.data!.items.map((c) => (
              <li key={c.id}>
                <Link className="font-medium break-words underline" to={`/t/${ws.slug}/writer/contents/${c.id}`}>
                  {c.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <OverlapSummary tenant={ws.id} slug={ws.slug} site={site.id} kind="content" />
      <FilterPanel filters={defs} values={state.filters} onChange={(patch) => update({ filters: patch })} />
      <DataTable<TaskRow>
        caption={`Writer tasks of ${site.name}`}
        columns={columns}
        rows={page.data}
        rowKey={(t) => t.id}
        loading={page.isFetching}
        error={page.error}
        onRetry={() => void page.refetch()}
        total={count.data}
        page={state.page}
        perPage={state.perPage}
        onPageChange={(p) => update({ page: p })}
        onPerPageChange={(n) => update({ perPage: n, page: 1 })}
        sort={state.sort}
        onSortChange={(s) => update({ sort: s })}
        selection={
          canEdit
            ? { ids: new Set(selected), onChange: (s) => setUi({ selectedTasks: [...s] }), allMatching: false, onAllMatchingChange: () => undefined }
            : undefined
        }
        bulkActions={(n) => (
          <Button size="sm" onClick={() => setGenerate(selected)}>
            <Sparkles className="size-4" aria-hidden="true" />
            Generate {formatNumber(n)} article{n === 1 ? "" : "s"}
          </Button>
        )}
        empty={
          filtered ? (
            <EmptyState
              title="No task matches these filters"
              action={
                <Button variant="secondary" onClick={() => update({ filters: Object.fromEntries(panelKeys(defs).map((k) => [k, undefined])) })}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              title="No writing tasks yet"
              body="Queue ideas from the Planner: each becomes a task here, ready to be written."
              action={
                <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/planner/ideas?site=${site.id}`}>
                  Go to the ideas
                </Link>
              }
            />
          )
        }
      />
      {generate && (
        <GenerateDialog
          open
          onOpenChange={(o) => !o && setGenerate(null)}
          tenant={ws.id}
          slug={ws.slug}
          ids={generate}
          title={generate.length === 1 ? "Generate the article" : `Generate ${formatNumber(generate.length)} articles`}
          onDone={() => setUi({ selectedTasks: [] })}
        />
      )}
    </>
  );
}

function TaskState({ task, job }: { task: TaskRow; job?: Job }) {
  if (job) {
    const pct = Math.round(job.progress || 0);
    return (
      <span className="inline-flex items-center gap-2" data-testid="task-state">
        <Badge tone={job.status === "running" ? "brand" : "gray"}>{job.status === "running" ? `writing ${pct} %` : "queued"}</Badge>
      </span>
    );
  }
  return (
    <span className="inline-flex flex-col items-start gap-0.5" data-testid="task-state">
      <Badge tone={statusTone[task.status] ?? "gray"}>{statusName[task.status] ?? (task.status || "queued")}</Badge>
      {task.status === "failed" && task.error && <span className="max-w-[16rem] text-xs break-words text-red-700 dark:text-red-400">{task.error.slice(0, 160)}</span>}
    </span>
  );
}

function Words({ task, written }: { task: TaskRow; written?: Written }) {
  const c = written?.[task.id];
  const target = task.word_count_target;
  if (!c) return <span className="tabular-nums">{target ? `— / ${formatNumber(target)}` : "—"}</span>;
  return (
    <span className="tabular-nums">
      {formatNumber(c.word_count)}
      {target ? ` / ${formatNumber(target)}` : ""}
    </span>
  );
}
