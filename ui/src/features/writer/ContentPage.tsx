// Writer → an article: edit the text (TipTap, its own chunk), see it as the post will
// look (a sandboxed preview), its SEO fields, its images, its versions with a diff and
// restore, its editorial status as the role allows, and publish or schedule it.
// Saving sends the HTML to the server, which sanitises it and makes a new version.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { PageHeader } from "@/components/PageHeader";
import { PageError, PageLoading } from "@/components/States";
import { Badge, type Tone } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Input";
import { Skeleton } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useCollectionEvents, useRecordEvents, useResync } from "@/realtime/useRealtime";
import { formatNumber } from "@/lib/format";
import { cn } from "@/lib/cn";
import type { Job } from "@/lib/types";
import { toastError } from "@/features/planner/errors";
import { activeJobsFor, fileToken, getContent, getTask, imageURL, setEditorialStatus, updateContent, writerKeys, type Content, type EditorialStatus } from "./api";
import { Preview } from "./Preview";
import { SeoPanel, type SeoValues } from "./SeoPanel";
import { VersionsPanel } from "./VersionsPanel";
import { ImagesPanel, useImages } from "./ImagesPanel";
import { PublishPanel, PublishState } from "./PublishPanel";
import { ConflictPanel } from "./ConflictPanel";
import { ConflictBadge } from "./ConflictBadge";
import { OverlapBadge } from "@/features/overlaps/OverlapBadge";
import { OverlapPanel } from "@/features/overlaps/OverlapPanel";
import { useOverlaps } from "@/features/overlaps/useOverlaps";
import { taskKeywords, wordCount } from "./text";
import { LinksPanel } from "@/features/linker/LinksPanel";

const ArticleEditor = lazy(() => import("./ArticleEditor"));

const tabs = ["edit", "preview", "seo", "images", "links", "versions", "publish"] as const;
type Tab = (typeof tabs)[number];
const tabName: Record<Tab, string> = { edit: "Edit", preview: "Preview", seo: "SEO", images: "Images", links: "Links", versions: "Versions", publish: "Publish" };
const statusTone: Record<string, Tone> = { draft: "gray", review: "amber", approved: "green", published: "green" };

interface Draft extends SeoValues {
  title: string;
  html: string;
}

function draftOf(c: Content): Draft {
  return { title: c.title, html: c.html, meta_title: c.meta_title, meta_description: c.meta_description, slug: c.slug };
}

export function ContentPage() {
  const { id = "" } = useParams();
  const ws = useWorkspace();
  const canEdit = useCan("editor");
  const isAdmin = useCan("admin");
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = (tabs as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "edit";
  const setTab = (t: Tab) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        n.set("tab", t);
        return n;
      },
      { replace: true },
    );

  const content = useQuery({ queryKey: writerKeys.content(ws.id, id), queryFn: ({ signal }) => getContent(id, signal) });
  const task = useQuery({ queryKey: writerKeys.task(ws.id, content.data?.task ?? ""), queryFn: ({ signal }) => getTask(content.data!.task, signal), enabled: !!content.data?.task, staleTime: 60_000 });
  const token = useQuery({ queryKey: [ws.id, "writer", "fileToken"], queryFn: ({ signal }) => fileToken(signal), staleTime: 60_000, refetchInterval: 90_000 });
  const images = useImages(ws.id, id);
  const overlaps = useOverlaps(ws.id, { kind: "content", id });
  const imageIds = (images.data ?? []).map((i) => i.id);
  const jobs = useQuery({ queryKey: [...writerKeys.contentJobs(ws.id, id), imageIds], queryFn: ({ signal }) => activeJobsFor(ws.id, [id, ...imageIds], signal) });
  useRecordEvents<Content>("contents", id, () => void qc.invalidateQueries({ queryKey: writerKeys.content(ws.id, id) }));
  useCollectionEvents<Job>("jobs", ws.id, (e) => {
    if (e.record.target === id || imageIds.includes(e.record.target)) {
      void qc.invalidateQueries({ queryKey: writerKeys.contentJobs(ws.id, id) });
      if (e.record.status === "succeeded" || e.record.status === "failed") void qc.invalidateQueries({ queryKey: writerKeys.content(ws.id, id) });
    }
  });
  useResync(() => void qc.invalidateQueries({ queryKey: [ws.id, "writer"] }));

  // The edited copy and the version it started from. It follows the server's text
  // while unchanged; with unsaved changes a newer version (an image placed, a
  // restore in another tab) never overwrites them: the page says so instead.
  const [draft, setDraft] = useState<Draft | null>(null);
  const [base, setBase] = useState<Content | null>(null);
  const c = content.data;
  const dirty = useMemo(() => {
    if (!base || !draft) return false;
    const b = draftOf(base);
    return (Object.keys(b) as (keyof Draft)[]).some((k) => b[k] !== draft[k]);
  }, [base, draft]);
  useEffect(() => {
    if (c && (draft === null || (c.version !== base?.version && !dirty))) {
      setDraft(draftOf(c));
      setBase(c);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c?.version, c?.id]);
  const stale = !!c && !!base && dirty && c.version !== base.version;

  const save = useMutation({
    mutationFn: () => updateContent(id, draft!),
    onSuccess: (saved) => {
      toast.success(`Saved as version ${saved.version}`, { body: saved.status === "review" && c?.status === "approved" ? "An edit of approved work goes back to review." : undefined });
      qc.setQueryData(writerKeys.content(ws.id, id), saved);
      setDraft(draftOf(saved));
      setBase(saved);
      void qc.invalidateQueries({ queryKey: writerKeys.versions(ws.id, id) });
    },
    onError: toastError,
  });
  const move = useMutation({
    mutationFn: (s: EditorialStatus) => setEditorialStatus(id, s),
    onSuccess: (r) => {
      toast.success(r.status === "review" ? "Submitted for review" : r.status === "approved" ? "Approved" : `Back to ${r.status}`);
      void qc.invalidateQueries({ queryKey: writerKeys.content(ws.id, id) });
    },
    onError: toastError,
  });

  if (content.isPending) return <PageLoading label="Loading the article" />;
  if (content.isError) return <PageError error={content.error} onRetry={() => void content.refetch()} />;
  if (!c || !draft) return <PageLoading label="Loading the article" />;

  const target = task.data?.word_count_target ?? 0;
  const words = wordCount(draft.html);
  const focus = taskKeywords(task.data?.keywords)[0] ?? "";
  const featured = (images.data ?? []).find((i) => i.kind === "featured" && i.file);
  const featuredURL = featured && token.data ? imageURL(featured, token.data) : "";
  const publishing = (jobs.data ?? []).some((j) => j.type === "wordpress.publish") || c.publish_status === "publishing";
  const writing = (jobs.data ?? []).find((j) => j.type === "writer.content");
  const status = c.status || "draft";

  const transitions: { to: EditorialStatus; label: string; show: boolean }[] = [
    { to: "review", label: "Submit for review", show: canEdit && status === "draft" },
    { to: "draft", label: "Back to draft", show: canEdit && status === "review" },
    { to: "approved", label: "Approve", show: isAdmin && status === "review" },
    { to: "review", label: "Reopen for review", show: isAdmin && status === "approved" },
  ];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link className="text-brand-700 underline dark:text-brand-300" to={`/t/${ws.slug}/writer/tasks?site=${c.site}`}>
          Writer
        </Link>{" "}
        / article
      </nav>
      <PageHeader
        title={c.title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={statusTone[status] ?? "gray"}>
              <span data-testid="editorial-status">{status}</span>
            </Badge>
            <PublishState content={c} />
            {c.wp_conflict && <ConflictBadge />}
            <OverlapBadge overlaps={overlaps.data} />
            <span data-testid="version">version {c.version}</span>
            <span className={cn("tabular-nums", target && words < target * 0.8 ? "text-amber-800 dark:text-amber-300" : "")} data-testid="word-count">
              {formatNumber(words)} words{target ? ` of ${formatNumber(target)} targeted` : ""}
            </span>
            {writing && <Badge tone="brand">being written again…</Badge>}
          </span>
        }
        actions={
          <>
            {transitions
              .filter((t) => t.show)
              .map((t) => (
                <Button key={t.label} variant="secondary" loading={move.isPending && move.variables === t.to} disabled={dirty} title={dirty ? "Save your changes first" : undefined} onClick={() => move.mutate(t.to)}>
                  {t.label}
                </Button>
              ))}
            {canEdit && (
              <Button disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
                {dirty ? "Save changes" : "Saved"}
              </Button>
            )}
          </>
        }
      />
      {stale && (
        <div role="status" className="mb-3 flex flex-wrap items-center justify-between gap-2 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          <span>
            The article changed while you were editing (now version {c.version}, you started from {base.version}). Saving replaces it with your text.
          </span>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setDraft(draftOf(c));
              setBase(c);
            }}
          >
            Load version {c.version} (drop my changes)
          </Button>
        </div>
      )}
      <ConflictPanel tenant={ws.id} content={c} canEdit={canEdit} dirty={dirty} />
      {tab !== "publish" && <OverlapPanel tenant={ws.id} slug={ws.slug} subject={{ kind: "content", id }} canEdit={canEdit} />}
      <div role="tablist" aria-label="Article" className="mb-4 flex gap-1 overflow-x-auto border-b border-gray-200 dark:border-gray-800">
        {tabs.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            onClick={() => setTab(t)}
            className={cn("-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium", tab === t ? "border-brand-600 text-brand-800 dark:text-brand-200" : "border-transparent text-gray-700 hover:text-gray-900 dark:text-gray-300 dark:hover:text-white")}
          >
            {tabName[t]}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "edit" && (
          <div className="space-y-3">
            <Field label="Title">{(p) => <Input {...p} value={draft.title} maxLength={300} readOnly={!canEdit} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />}</Field>
            <Suspense fallback={<Skeleton className="h-96 w-full" />}>
              <ArticleEditor html={draft.html} editable={canEdit} fileToken={token.data ?? ""} label={`Text of ${c.title}`} onChange={(html) => setDraft((d) => (d ? { ...d, html } : d))} />
            </Suspense>
          </div>
        )}
        {tab === "preview" && <Preview title={draft.title} html={draft.html} featuredURL={featuredURL} fileToken={token.data ?? ""} />}
        {tab === "seo" && <SeoPanel values={draft} editable={canEdit} focusKeyword={focus} onChange={(patch) => setDraft({ ...draft, ...patch })} />}
        {tab === "images" && <ImagesPanel tenant={ws.id} slug={ws.slug} content={c} canEdit={canEdit} fileToken={token.data ?? ""} />}
        {tab === "links" && <LinksPanel tenant={ws.id} slug={ws.slug} content={c} canEdit={canEdit} dirty={dirty} />}
        {tab === "versions" && <VersionsPanel tenant={ws.id} content={c} canEdit={canEdit} />}
        {tab === "publish" && (dirty ? <p className="text-sm">Save your changes before publishing.</p> : <PublishPanel tenant={ws.id} content={c} publishing={publishing} />)}
      </section>
    </>
  );
}
