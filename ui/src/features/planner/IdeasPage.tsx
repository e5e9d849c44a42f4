// Planner → Ideas: content ideas with their outlines; edit, reject or restore, and queue
// one or many to the Writer (one call for many; a queued idea keeps its task). An idea
// the cannibalisation check flagged carries a badge and its overlaps with the decisions.
import { useEffect, useMemo, useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { ChevronDown, ChevronRight, Pencil, Send } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { Badge, type Tone } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/Input";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import { listIdeas, plannerKeys, queueIdeas, updateIdea, type Idea, type Outline } from "./api";
import { NoSite, SitePicker } from "./SitePicker";
import { useSite } from "./useSite";
import { usePlannerStore } from "./store";
import { Pagination } from "@/components/DataTable/Pagination";
import { toastError } from "./errors";
import type { Overlap } from "@/features/overlaps/api";
import { OverlapBadge } from "@/features/overlaps/OverlapBadge";
import { OverlapPanel } from "@/features/overlaps/OverlapPanel";
import { OverlapSummary } from "@/features/overlaps/OverlapSummary";
import { summarise } from "@/features/overlaps/overlaps";
import { useOverlapsOfMany } from "@/features/overlaps/useOverlaps";

const PER_PAGE = 25;
const statusTone: Record<string, Tone> = { new: "brand", approved: "green", queued: "amber", done: "green", rejected: "gray" };

/** An outline as editable text: "## Section" lines with "### Subsection" lines under them. */
export function outlineToText(o: Outline | null | undefined): string {
  const lines: string[] = [];
  for (const s of o?.sections ?? []) {
    lines.push(`## ${s.h2}`);
    for (const h of s.h3 ?? []) lines.push(`### ${h}`);
  }
  return lines.join("\n");
}

/** The inverse of outlineToText; text before the first "##" is ignored, other lines become subsections. */
export function textToSections(text: string): NonNullable<Outline["sections"]> {
  const out: NonNullable<Outline["sections"]> = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("###")) {
      const h = line.replace(/^#+\s*/, "");
      const last = out[out.length - 1];
      if (last && h) (last.h3 ??= []).push(h);
    } else if (line.startsWith("#")) {
      const h = line.replace(/^#+\s*/, "");
      if (h) out.push({ h2: h, h3: [] });
    } else {
      const last = out[out.length - 1];
      if (last) (last.h3 ??= []).push(line);
    }
  }
  return out;
}

type IdeaRow = Idea & { expand?: { cluster?: { id: string; name: string } } };

export function IdeasPage() {
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const qc = useQueryClient();
  const { sites, site, choose } = useSite(ws.id);
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const status = params.get("status") ?? "";
  const selected = usePlannerStore((s) => s.ui.selectedIdeas);
  const setUi = usePlannerStore((s) => s.set);
  const q = useQuery({
    queryKey: plannerKeys.ideas(ws.id, site?.id ?? "", status, page),
    queryFn: ({ signal }) => listIdeas(ws.id, site!.id, status, page, PER_PAGE, signal),
    enabled: !!site,
    placeholderData: keepPreviousData,
  });
  const ideaIds = useMemo(() => (q.data?.items ?? []).map((i) => i.id), [q.data]);
  const overlaps = useOverlapsOfMany(ws.id, "idea", ideaIds);
  useCollectionEvents<Idea>("ideas", ws.id, () => void qc.invalidateQueries({ queryKey: [ws.id, "planner", "ideas"] }));
  useResync(() => void qc.invalidateQueries({ queryKey: [ws.id, "planner"] }));
  const queue = useMutation({
    mutationFn: (ids: string[]) => queueIdeas(ids),
    onSuccess: (r) => {
      toast.success(`${r.tasks.length} idea${r.tasks.length === 1 ? "" : "s"} queued to the Writer`, {
        body: "Each becomes a writer task; writing an article costs 3 credits when you start it.",
        link: { to: `/t/${ws.slug}/writer`, label: "Open the Writer" },
      });
      setUi({ selectedIdeas: [] });
      void qc.invalidateQueries({ queryKey: [ws.id, "planner", "ideas"] });
    },
    onError: toastError,
  });

  if (sites.isPending) return <PageLoading />;
  if (sites.isError) return <PageError error={sites.error} onRetry={() => void sites.refetch()} />;
  if (!site) {
    return (
      <>
        <PageHeader title="Ideas" />
        <NoSite tenant={ws.id} />
      </>
    );
  }
  const items = (q.data?.items ?? []) as IdeaRow[];
  const queueable = items.filter((i) => i.status !== "rejected" && i.status !== "queued" && i.status !== "done");
  const toggle = (id: string) => setUi({ selectedIdeas: selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id] });
  return (
    <>
      <PageHeader
        title="Ideas"
        description={`${site.name} · ${q.data ? `${formatNumber(q.data.totalItems)} idea${q.data.totalItems === 1 ? "" : "s"}` : "…"}`}
        actions={
          <>
            <SitePicker sites={sites.data ?? []} value={site.id} onChange={choose} />
            <label className="flex items-center gap-2 text-sm">
              <span className="text-gray-700 dark:text-gray-300">Show</span>
              <Select
                className="w-auto"
                value={status}
                onChange={(e) =>
                  setParams(
                    (prev) => {
                      const n = new URLSearchParams(prev);
                      if (e.target.value) n.set("status", e.target.value);
                      else n.delete("status");
                      n.delete("page");
                      return n;
                    },
                    { replace: true },
                  )
                }
              >
                <option value="">All but rejected</option>
                <option value="new">New</option>
                <option value="queued">Queued</option>
                <option value="done">Written</option>
                <option value="rejected">Rejected</option>
              </Select>
            </label>
            {canEdit && (
              <Button disabled={selected.length === 0} loading={queue.isPending} onClick={() => queue.mutate(selected)}>
                <Send className="size-4" aria-hidden="true" />
                Queue {selected.length > 0 ? formatNumber(selected.length) : ""} to the Writer
              </Button>
            )}
          </>
        }
      />
      <OverlapSummary tenant={ws.id} slug={ws.slug} site={site.id} kind="idea" />
      {canEdit && queueable.length > 0 && (
        <p className="mb-2 text-sm">
          <button type="button" className="underline" onClick={() => setUi({ selectedIdeas: selected.length === queueable.length ? [] : queueable.map((i) => i.id) })}>
            {selected.length === queueable.length ? "Clear selection" : `Select the ${queueable.length} on this page that can be queued`}
          </button>
        </p>
      )}
      {q.isPending ? (
        <PageLoading label="Loading ideas" />
      ) : q.isError ? (
        <PageError error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={status ? "No idea with this status" : "No ideas yet"}
          body={status ? undefined : "Generate ideas from a cluster: each comes with a title, keywords and an outline."}
          action={
            !status && (
              <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/planner/clusters?site=${site.id}`}>
                Go to the clusters
              </Link>
            )
          }
        />
      ) : (
        <ul className="space-y-3" aria-label="Ideas">
          {items.map((i) => (
            <li key={i.id}>
              <IdeaCard idea={i} overlaps={overlaps.data?.[i.id]} canEdit={canEdit} checked={selected.includes(i.id)} onToggle={() => toggle(i.id)} onQueue={() => queue.mutate([i.id])} queueing={queue.isPending} />
            </li>
          ))}
        </ul>
      )}
      {q.data && items.length > 0 && (
        <Pagination
          page={page}
          perPage={PER_PAGE}
          shown={items.length}
          total={q.data.totalItems}
          onPageChange={(p) =>
            setParams(
              (prev) => {
                const n = new URLSearchParams(prev);
                n.set("page", String(p));
                return n;
              },
              { replace: true },
            )
          }
        />
      )}
    </>
  );
}

function IdeaCard({ idea, overlaps, canEdit, checked, onToggle, onQueue, queueing }: { idea: IdeaRow; overlaps?: Overlap[]; canEdit: boolean; checked: boolean; onToggle: () => void; onQueue: () => void; queueing: boolean }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  // The overlaps show while one is undecided, and stay after the decision (to show it).
  const undecided = summarise(overlaps ?? []).open;
  const [showOverlaps, setShowOverlaps] = useState(false);
  useEffect(() => {
    if (undecided > 0) setShowOverlaps(true);
  }, [undecided]);
  const overlapsId = `idea-overlaps-${idea.id}`;
  const setStatus = useMutation({
    mutationFn: (status: Idea["status"]) => updateIdea(idea.id, { status }),
    onSuccess: (_r, s) => {
      toast.success(s === "rejected" ? `“${idea.title}” rejected` : `“${idea.title}” restored`);
      void qc.invalidateQueries({ queryKey: [ws.id, "planner", "ideas"] });
    },
    onError: toastError,
  });
  const canQueue = idea.status !== "rejected" && idea.status !== "queued" && idea.status !== "done";
  const sections = idea.outline?.sections ?? [];
  const outlineId = `outline-${idea.id}`;
  return (
    <article className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900" data-testid="idea-card" aria-labelledby={`idea-${idea.id}`}>
      <div className="flex items-start gap-3">
        {canEdit && canQueue && <input type="checkbox" className="mt-1.5" aria-label={`Select ${idea.title}`} checked={checked} onChange={onToggle} />}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={`idea-${idea.id}`} className="text-base font-semibold break-words">
              {idea.title}
            </h2>
            <Badge tone={statusTone[idea.status] ?? "gray"}>
              <span data-testid="idea-status">{idea.status || "new"}</span>
            </Badge>
            <OverlapBadge overlaps={overlaps} />
            {overlaps && overlaps.length > 0 && undecided === 0 && (
              <button type="button" className="text-xs font-medium text-brand-700 underline dark:text-brand-300" aria-expanded={showOverlaps} aria-controls={overlapsId} onClick={() => setShowOverlaps(!showOverlaps)}>
                {showOverlaps ? "Hide the overlap" : "Show the overlap"}
              </button>
            )}
          </div>
          <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">
            {[idea.primary_keyword && `Keyword: ${idea.primary_keyword}`, idea.structure, idea.estimated_words ? `≈ ${formatNumber(idea.estimated_words)} words` : "", idea.expand?.cluster && `Cluster: ${idea.expand.cluster.name}`]
              .filter(Boolean)
              .join(" · ")}
          </p>
          {idea.outline?.description && <p className="mt-1 text-sm">{idea.outline.description}</p>}
          {sections.length > 0 && (
            <button type="button" className="mt-2 inline-flex items-center gap-1 text-sm font-medium text-brand-700 dark:text-brand-300" aria-expanded={open} aria-controls={outlineId} onClick={() => setOpen(!open)}>
              {open ? <ChevronDown className="size-4" aria-hidden="true" /> : <ChevronRight className="size-4" aria-hidden="true" />}
              Outline ({sections.length} section{sections.length === 1 ? "" : "s"})
            </button>
          )}
          {open && (
            <ol id={outlineId} className="mt-2 list-decimal space-y-1 pl-6 text-sm">
              {sections.map((s, i) => (
                <li key={i}>
                  <span className="font-medium">{s.h2}</span>
                  {s.h3 && s.h3.length > 0 && (
                    <ul className="list-disc pl-5 text-gray-700 dark:text-gray-300">
                      {s.h3.map((h, j) => (
                        <li key={j}>{h}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
        {canEdit && (
          <div className="flex shrink-0 flex-col gap-2 sm:flex-row">
            {canQueue && (
              <Button size="sm" onClick={onQueue} disabled={queueing}>
                Queue
              </Button>
            )}
            <Button size="sm" variant="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${idea.title}`}>
              <Pencil className="size-4" aria-hidden="true" />
              Edit
            </Button>
            {idea.status === "rejected" ? (
              <Button size="sm" variant="ghost" loading={setStatus.isPending} onClick={() => setStatus.mutate("new")}>
                Restore
              </Button>
            ) : (
              canQueue && (
                <Button size="sm" variant="ghost" loading={setStatus.isPending} onClick={() => setStatus.mutate("rejected")}>
                  Reject
                </Button>
              )
            )}
          </div>
        )}
      </div>
      {showOverlaps && overlaps && overlaps.length > 0 && (
        <div id={overlapsId} className="mt-3">
          <OverlapPanel tenant={ws.id} slug={ws.slug} subject={{ kind: "idea", id: idea.id }} canEdit={canEdit} level={3} overlaps={overlaps} />
        </div>
      )}
      {editing && <EditIdea idea={idea} onClose={() => setEditing(false)} />}
    </article>
  );
}

function EditIdea({ idea, onClose }: { idea: Idea; onClose: () => void }) {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const [title, setTitle] = useState(idea.title);
  const [keyword, setKeyword] = useState(idea.primary_keyword);
  const [description, setDescription] = useState(idea.outline?.description ?? "");
  const [outline, setOutline] = useState(outlineToText(idea.outline));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => updateIdea(idea.id, { title: title.trim(), primary_keyword: keyword.trim(), outline: { ...(idea.outline ?? {}), description: description.trim(), sections: textToSections(outline) } }),
    onSuccess: () => {
      toast.success("Idea saved");
      void qc.invalidateQueries({ queryKey: [ws.id, "planner", "ideas"] });
      onClose();
    },
    onError: (err) => {
      toastError(err);
      const data = (err as { response?: { data?: Record<string, { message?: string }> } }).response?.data ?? {};
      setErrors(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v?.message ?? "Invalid."])));
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Edit idea"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={save.isPending} disabled={!title.trim()} onClick={() => save.mutate()}>
            Save idea
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Title" error={errors.title}>
          {(p) => <Input {...p} value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label="Primary keyword" error={errors.primary_keyword}>
          {(p) => <Input {...p} value={keyword} maxLength={500} onChange={(e) => setKeyword(e.target.value)} />}
        </Field>
        <Field label="What the article is about">
          {(p) => <Textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <Field label="Outline" hint="One section per “## ” line, its subsections on “### ” lines below it." error={errors.outline}>
          {(p) => <Textarea {...p} rows={10} value={outline} onChange={(e) => setOutline(e.target.value)} className="font-mono" />}
        </Field>
      </div>
    </Dialog>
  );
}
