// Reviewing a refresh: the rewritten version beside the one live in WordPress (the
// Writer's word diff, Diff.tsx), the reasons it was rewritten for, and Republish, which
// is the Writer's own flow (an admin approves the version in review, then it is
// published to the post the article owns: the same WordPress post id). The refresh and
// the article follow realtime, so the page moves from "ready" to "republishing" to
// "republished" by itself.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { CheckCircle2, ExternalLink, Send } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, PageError, PageLoading } from "@/components/States";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { formatDateTime } from "@/lib/format";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { useRecordEvents, useResync } from "@/realtime/useRealtime";
import { toastError } from "@/features/planner/errors";
import { SideBySide, del, ins } from "@/features/writer/Diff";
import { getContent, getVersion, publishContent, setEditorialStatus, writerKeys, type Content } from "@/features/writer/api";
import { dismissRefresh, getRefresh, optimizerKeys, type RefreshRow } from "./api";
import { canDismiss, liveVersion, republishPlan, reviewState, statusName, statusTone } from "./refresh";
import { Reasons } from "./Reasons";

export function ReviewPage() {
  const ws = useWorkspace();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isAdmin = useCan("admin");
  const isEditor = useCan("editor");
  const { id: siteId = "", refresh: refreshId = "" } = useParams();
  const rKey = optimizerKeys.refresh(ws.id, refreshId);
  const refresh = useQuery({ queryKey: rKey, queryFn: ({ signal }) => getRefresh(refreshId, signal) });
  const contentId = refresh.data?.content ?? "";
  const cKey = writerKeys.content(ws.id, contentId);
  const content = useQuery({ queryKey: cKey, queryFn: ({ signal }) => getContent(contentId, signal), enabled: !!contentId });
  useRecordEvents<RefreshRow>("refreshes", refreshId, (e) => {
    // the Optimizer's list and counts show this refresh too: refetched when next shown
    void qc.invalidateQueries({ queryKey: [ws.id, "optimizer", "refreshes"] });
    if (e.action === "delete") void qc.invalidateQueries({ queryKey: rKey });
    else qc.setQueryData<RefreshRow>(rKey, (cur) => (!cur || e.record.updated >= cur.updated ? { ...cur, ...e.record, expand: cur?.expand } : cur));
  });
  useRecordEvents<Content>("contents", contentId || undefined, (e) => {
    if (e.action === "delete") void qc.invalidateQueries({ queryKey: cKey });
    else qc.setQueryData<Content>(cKey, (cur) => (!cur || e.record.updated >= cur.updated ? { ...cur, ...e.record } : cur));
  });
  useResync(() => {
    void qc.invalidateQueries({ queryKey: rKey });
    if (contentId) void qc.invalidateQueries({ queryKey: cKey });
  });
  const live = content.data && refresh.data ? liveVersion(content.data, refresh.data) : 0;
  const before = useQuery({ queryKey: writerKeys.version(ws.id, contentId, live), queryFn: ({ signal }) => getVersion(contentId, live, signal), enabled: !!contentId && live > 0 });
  const [confirm, setConfirm] = useState<"republish" | "dismiss" | null>(null);

  const republish = useMutation({
    mutationFn: async ({ approve }: { approve: boolean }) => {
      if (approve) await setEditorialStatus(contentId, "approved");
      return publishContent(contentId, { now: true });
    },
    onSuccess: () => {
      toast.success("Republishing to WordPress", { body: "The same post is updated with the new version; this page follows the job.", link: { to: `/t/${ws.slug}/jobs`, label: "Open Jobs" } });
      void qc.invalidateQueries({ queryKey: cKey });
    },
    onError: () => void qc.invalidateQueries({ queryKey: cKey }),
  });
  const dismiss = useMutation({
    mutationFn: () => dismissRefresh(refreshId),
    onSuccess: () => {
      toast.success("Refresh dismissed", { body: "The new version stays in the article's history; the live post is unchanged." });
      void qc.invalidateQueries({ queryKey: optimizerKeys.all(ws.id) });
      navigate(`/t/${ws.slug}/sites/${siteId}/optimizer`);
    },
    onError: toastError,
  });

  if (refresh.isPending || (contentId && content.isPending)) return <PageLoading label="Loading the refresh" />;
  if (refresh.isError) return <PageError error={refresh.error} onRetry={() => void refresh.refetch()} />;
  if (content.isError) return <PageError error={content.error} onRetry={() => void content.refetch()} />;
  const r = refresh.data;
  const c = content.data;
  const back = `/t/${ws.slug}/sites/${siteId}/optimizer`;
  const state = reviewState(r, c);
  const plan = c ? republishPlan(c.status, isAdmin, isEditor) : { approve: false, allowed: false };
  const postId = c?.wp_post_id ?? 0;
  const postURL = c?.wp_url || r.url;

  return (
    <>
      <PageHeader
        title={`Review: ${r.title || r.url}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={statusTone[r.status] ?? "gray"}>
              <span data-testid="review-state">{state === "republishing" ? "republishing" : (statusName[r.status] ?? r.status)}</span>
            </Badge>
            {postURL && (
              <a className="inline-flex items-center gap-1 break-all underline" href={postURL} target="_blank" rel="noreferrer noopener">
                {postId ? `WordPress post ${postId}` : "The live post"} <ExternalLink className="size-3.5 shrink-0" aria-hidden="true" />
              </a>
            )}
            <Link className="underline" to={back}>
              All refreshes
            </Link>
          </span>
        }
      />
      <div className="grid gap-4 xl:grid-cols-[1fr_20rem]">
        <section aria-labelledby="review-diff" className="min-w-0 space-y-3 rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
          <h2 id="review-diff" className="text-base font-semibold">
            {state === "republished" ? "What the refresh changed" : "The new version beside the live post"}
          </h2>
          {!c ? (
            <EmptyState title="igny8 has no article for this post" body="Only igny8's own articles are rewritten: see how to adopt the post on the Optimizer page." action={<Link className="underline" to={back}>Back to the Optimizer</Link>} />
          ) : state === "not_run" || state === "rewriting" || (state === "failed" && r.version === 0) ? (
            <p className="text-sm">{state === "rewriting" ? "The AI is rewriting the post; the new version appears here when it is done." : state === "failed" ? `The rewrite failed${r.error ? `: ${r.error.slice(0, 300)}` : "."} Run it again from the Optimizer.` : "This refresh has not run yet: run it from the Optimizer."}</p>
          ) : live === 0 ? (
            <p className="text-sm">There is no earlier version to compare with.</p>
          ) : before.isPending ? (
            <Skeleton className="h-64 w-full" />
          ) : before.isError ? (
            <PageError error={before.error} onRetry={() => void before.refetch()} />
          ) : (
            <>
              <p className="text-xs text-gray-700 dark:text-gray-300">
                <del className={del}>Struck words</del> are only in the {state === "republished" ? "earlier" : "live"} text; <ins className={ins}>marked words</ins> are new in the refresh.
              </p>
              <SideBySide
                before={before.data.html}
                after={c.html}
                beforeTitle={before.data.title}
                afterTitle={c.title}
                beforeLabel={state === "republished" ? `Before the refresh (version ${live})` : `Live on WordPress (version ${live})`}
                afterLabel={state === "edited" ? `Current text (version ${c.version}, edited after the refresh)` : `Refreshed (version ${c.version})`}
              />
            </>
          )}
        </section>
        <aside className="space-y-4">
          <section aria-labelledby="review-why" className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
            <h2 id="review-why" className="mb-2 text-base font-semibold">
              Why it was refreshed
            </h2>
            <Reasons reasons={r.reasons} />
            {(r.missing_keywords?.length ?? 0) > 0 && <p className="mt-2 text-sm">Keywords to work in: {r.missing_keywords!.join(", ")}</p>}
            {r.model && <p className="mt-2 text-xs text-gray-700 dark:text-gray-300">Rewritten by {r.model} · {formatDateTime(r.updated)}</p>}
          </section>
          {c && (
            <section aria-labelledby="review-next" className="space-y-3 rounded-xl border border-gray-200 bg-white p-4 text-sm dark:border-gray-800 dark:bg-gray-900">
              <h2 id="review-next" className="text-base font-semibold">
                {state === "republished" ? "Republished" : "Republish"}
              </h2>
              {state === "republished" ? (
                <p className="flex items-start gap-2" data-testid="republished">
                  <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-green-700 dark:text-green-400" aria-hidden="true" />
                  <span>
                    Version {c.wp_version || c.version} is live on WordPress post {postId}
                    {c.published_at ? ` (first published ${formatDateTime(c.published_at)})` : ""}.
                  </span>
                </p>
              ) : state === "review" || state === "edited" || state === "republishing" ? (
                <>
                  <p>
                    Republishing updates WordPress post {postId} (the same post, same address) with {state === "edited" ? "the current text" : "the refreshed version"}, its images, categories and SEO meta.
                  </p>
                  {c.publish_status === "failed" && c.publish_error && <p className="break-words text-red-700 dark:text-red-400">The last publish failed: {c.publish_error.slice(0, 300)}</p>}
                  {c.wp_conflict && <p className="font-medium text-amber-900 dark:text-amber-300">The post was edited in WordPress meanwhile: keep one of the two texts in the Writer first.</p>}
                  {plan.allowed ? (
                    <Button disabled={state === "republishing" || republish.isPending || !!c.wp_conflict} loading={state === "republishing" || republish.isPending} onClick={() => setConfirm("republish")}>
                      <Send className="size-4" aria-hidden="true" />
                      {plan.approve ? "Approve and republish" : "Republish"}
                    </Button>
                  ) : (
                    plan.reason && <p className="text-gray-700 dark:text-gray-300">{plan.reason}</p>
                  )}
                </>
              ) : (
                <p>{state === "dismissed" ? "This refresh was dismissed; the live post is unchanged." : "Nothing to republish yet."}</p>
              )}
              <p className="flex flex-wrap gap-x-4 gap-y-1">
                <Link className="underline" to={`/t/${ws.slug}/writer/contents/${c.id}`}>
                  Edit in the Writer
                </Link>
                <Link className="underline" to={`/t/${ws.slug}/writer/contents/${c.id}?tab=versions`}>
                  Version history
                </Link>
              </p>
              {isEditor && canDismiss(r) && state !== "republishing" && (
                <Button size="sm" variant="ghost" onClick={() => setConfirm("dismiss")}>
                  Dismiss this refresh
                </Button>
              )}
            </section>
          )}
        </aside>
      </div>
      <ConfirmDialog
        open={confirm === "republish"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Republish “${c?.title ?? r.title}”?`}
        body={`${plan.approve ? "The new version is approved and " : "The new version is "}published to WordPress post ${postId} at once, replacing the live text. The earlier text stays in the version history.`}
        confirmLabel={`Republish to post ${postId}`}
        onConfirm={() => republish.mutateAsync({ approve: plan.approve })}
      />
      <ConfirmDialog
        open={confirm === "dismiss"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title="Dismiss this refresh?"
        body="The live post stays as it is. The new version stays the article's current text (in review) and in its history: restore the live version from the Writer's version history if you do not want it."
        confirmLabel="Dismiss the refresh"
        destructive
        onConfirm={() => dismiss.mutateAsync()}
      />
    </>
  );
}
