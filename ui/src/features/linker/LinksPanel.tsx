// The article editor's Links tab: the Linker's suggestions from this article to the
// site's live posts and into it from older articles, each anchor in its sentence,
// where it points, its type and priority; approve (the link goes into the article and
// its live post, once) or reject; the links in the text with remove; "Suggest links"
// with the run followed live (realtime on the jobs and internal_links collections).
import { useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { AlertTriangle, Check, Link2, Unlink, X } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Skeleton, Spinner } from "@/components/ui/Spinner";
import { EmptyState, PageError } from "@/components/States";
import { toast } from "@/components/ui/Toast";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { mergeNewest } from "@/realtime/realtime";
import { formatRelative } from "@/lib/format";
import type { Content } from "@/features/writer/api";
import { decideLink, linkerJobs, linkerKeys, listContentLinks, sourceTexts, suggestLinks, toastLinkerError, LINKS_PER_POST_MAX, type InternalLink, type LinkAction, type LinkerJob, type SuggestResult } from "./api";
import { anchorContext, canDo, capUsed, suggestSummary } from "./text";
import { AnchorInContext, LinkBadges, TargetText } from "./LinkParts";

const actionDone: Record<LinkAction, string> = { approve: "Link approved", reject: "Suggestion rejected", remove: "Link marked for removal" };

export function LinksPanel({ tenant, slug, content, canEdit, dirty }: { tenant: string; slug: string; content: Content; canEdit: boolean; dirty: boolean }) {
  const qc = useQueryClient();
  const key = linkerKeys.ofContent(tenant, content.id);
  const links = useQuery({ queryKey: key, queryFn: ({ signal }) => listContentLinks(tenant, content.id, signal) });
  const all = links.data ?? [];
  const outgoing = all.filter((l) => l.source_content === content.id);
  const incoming = all.filter((l) => l.source_content !== content.id && l.target_content === content.id);
  const otherSources = useMemo(() => [...new Set(incoming.map((l) => l.source_content).filter(Boolean))].sort(), [incoming]);
  const sources = useQuery({ queryKey: linkerKeys.sources(tenant, otherSources), queryFn: ({ signal }) => sourceTexts(tenant, otherSources, signal), enabled: otherSources.length > 0, staleTime: 30_000 });
  const targets = useMemo(() => [content.id, ...otherSources], [content.id, otherSources]);
  const jobsKey = linkerKeys.jobs(tenant, targets);
  const jobs = useQuery({ queryKey: jobsKey, queryFn: ({ signal }) => linkerJobs(tenant, targets, signal) });

  useCollectionEvents<InternalLink>("internal_links", tenant, (e) => {
    if (e.record.source_content !== content.id && e.record.target_content !== content.id) return;
    qc.setQueryData<InternalLink[]>(key, (cur) => (cur ? mergeNewest(cur, e) : cur));
  });
  useCollectionEvents<LinkerJob>("jobs", tenant, (e) => {
    if (!e.record.type?.startsWith("linker.") || !targets.includes(e.record.target)) return;
    qc.setQueryData<LinkerJob[]>(jobsKey, (cur) => (cur ? mergeNewest(cur, e) : cur));
    if (e.record.status === "succeeded" || e.record.status === "failed") {
      // a run's links arrive as their own events; refetch once in case one was missed
      void qc.invalidateQueries({ queryKey: key });
      if (e.record.target !== content.id) void qc.invalidateQueries({ queryKey: linkerKeys.sources(tenant, otherSources) });
    }
  });
  useResync(() => void qc.invalidateQueries({ queryKey: linkerKeys.all(tenant) }));

  const newest = (type: string, target = content.id) => (jobs.data ?? []).filter((j) => j.type === type && j.target === target).sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0))[0];
  const suggestJob = newest("linker.suggest");
  const applyJob = newest("linker.apply");
  const suggesting = suggestJob && (suggestJob.status === "queued" || suggestJob.status === "running");
  const applying = applyJob && (applyJob.status === "queued" || applyJob.status === "running");

  const suggest = useMutation({
    mutationFn: () => suggestLinks(content.id),
    onSuccess: () => {
      toast.info("Looking for links", { body: "In this article's text and in the site's other live articles; no credits." });
      void qc.invalidateQueries({ queryKey: jobsKey });
    },
    onError: toastLinkerError,
  });
  const decide = useMutation({
    mutationFn: (a: { link: InternalLink; action: LinkAction }) => decideLink(a.link.id, a.action),
    onSuccess: (r, a) => {
      const live = a.link.source_content === content.id ? !!content.wp_post_id : true;
      toast.success(actionDone[a.action], {
        body:
          a.action === "approve"
            ? live
              ? `“${a.link.anchor}” goes into the article and its live post; Remove takes it out again.`
              : `“${a.link.anchor}” goes into the article's text; the post gets it when it is published.`
            : a.action === "remove"
              ? "The anchor text stays, unlinked, in the article and its post."
              : undefined,
      });
      qc.setQueryData<InternalLink[]>(key, (cur) => cur?.map((l) => (l.id === r.link ? { ...l, status: r.status, error: "" } : l)));
      void qc.invalidateQueries({ queryKey: jobsKey });
    },
    onError: toastLinkerError,
  });

  const busy = (l: InternalLink) => decide.isPending && decide.variables?.link.id === l.id;
  const blocked = dirty ? "Save your changes first: the Linker edits the saved text." : undefined;
  const used = capUsed(all, content.id);
  const suggestedOut = outgoing.filter((l) => l.status === "suggested");
  const inText = outgoing.filter((l) => l.status === "approved" || l.status === "inserted" || l.status === "removing");
  const inbound = incoming.filter((l) => l.status !== "rejected" && l.status !== "removed");
  const decided = all.filter((l) => l.status === "rejected" || l.status === "removed");
  const lastResult = suggestJob?.status === "succeeded" ? (suggestJob.result as SuggestResult | null) : null;

  const actions = (l: InternalLink, sourceText: string) =>
    canEdit && (
      <div className="flex flex-wrap gap-2">
        {canDo("approve", l.status) && (
          <Button
            size="sm"
            disabled={(!!blocked && l.source_content === content.id) || decide.isPending || (used >= LINKS_PER_POST_MAX && l.source_content === content.id)}
            title={l.source_content === content.id ? (blocked ?? (used >= LINKS_PER_POST_MAX ? `The article has ${LINKS_PER_POST_MAX} links from igny8, the most: remove one first.` : undefined)) : undefined}
            loading={busy(l) && decide.variables?.action === "approve"}
            onClick={() => decide.mutate({ link: l, action: "approve" })}
          >
            <Check className="size-4" aria-hidden="true" />
            Approve<span className="sr-only"> the link “{l.anchor}” {sourceText}</span>
          </Button>
        )}
        {canDo("reject", l.status) && (
          <Button size="sm" variant="secondary" disabled={decide.isPending} loading={busy(l) && decide.variables?.action === "reject"} onClick={() => decide.mutate({ link: l, action: "reject" })}>
            <X className="size-4" aria-hidden="true" />
            Reject<span className="sr-only"> the link “{l.anchor}” {sourceText}</span>
          </Button>
        )}
        {canDo("remove", l.status) && (
          <Button
            size="sm"
            variant="secondary"
            disabled={(!!blocked && l.source_content === content.id) || decide.isPending}
            title={l.source_content === content.id ? blocked : undefined}
            loading={busy(l) && decide.variables?.action === "remove"}
            onClick={() => decide.mutate({ link: l, action: "remove" })}
          >
            <Unlink className="size-4" aria-hidden="true" />
            Remove<span className="sr-only"> the link “{l.anchor}” {sourceText}</span>
          </Button>
        )}
      </div>
    );

  const row = (l: InternalLink, html: string, from?: { id: string; title: string }) => (
    <li key={l.id} className="space-y-2 py-3 first:pt-0 last:pb-0" data-testid="link-row" data-status={l.status} aria-label={`Link “${l.anchor}” to ${l.target_title || l.target_url}, ${l.status}`}>
      {from && (
        <p className="text-xs text-gray-600 dark:text-gray-400">
          In{" "}
          <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${slug}/writer/contents/${from.id}?tab=links`}>
            {from.title || l.source_title}
          </Link>
        </p>
      )}
      <AnchorInContext context={anchorContext(html, l.anchor, l.status === "suggested" ? undefined : l.id)} anchor={l.anchor} />
      <div className="flex flex-wrap items-start justify-between gap-2">
        <TargetText link={l} prefix="links to" />
        <LinkBadges link={l} />
      </div>
      {l.reason && l.status === "suggested" && <p className="text-xs text-gray-600 dark:text-gray-400">Why: {l.reason}</p>}
      {l.error && (
        <p className="text-xs text-red-700 dark:text-red-400" role="note">
          Not inserted: {l.error}
        </p>
      )}
      {actions(l, from ? `in ${from.title || l.source_title}` : "")}
    </li>
  );

  return (
    <div className="space-y-4" data-testid="links-panel">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1 text-sm">
          <h2 className="text-base font-semibold">Internal links</h2>
          <p className="text-gray-700 dark:text-gray-300">
            Links from this article to the site's live posts, and into it from older articles. Nothing goes into a post until you approve it; at most {LINKS_PER_POST_MAX} per post.
          </p>
          <p data-testid="link-cap" className="text-gray-700 dark:text-gray-300">
            {used} of {LINKS_PER_POST_MAX} igny8 links in this article{content.wp_post_id ? "" : " (not published yet: approved links go into its text now, into the post when it is published)"}.
          </p>
        </div>
        {canEdit && all.length > 0 && (
          <Button variant="secondary" loading={suggest.isPending} disabled={!!suggesting} title={suggesting ? "A run is under way" : undefined} onClick={() => suggest.mutate()}>
            <Link2 className="size-4" aria-hidden="true" />
            Suggest links
          </Button>
        )}
      </div>
      <div aria-live="polite" className="space-y-2 text-sm">
        {suggesting ? (
          <p role="status" className="flex items-center gap-2 text-gray-800 dark:text-gray-200" data-testid="suggest-status">
            <Spinner className="size-4" /> Looking for links ({suggestJob.status})…
          </p>
        ) : suggestJob?.status === "failed" ? (
          <p role="alert" className="text-red-700 dark:text-red-400" data-testid="suggest-status">
            The last suggestion run failed: {suggestJob.error || "no reason given"}.
          </p>
        ) : lastResult ? (
          <p className="text-gray-700 dark:text-gray-300" data-testid="suggest-status">
            Last run {formatRelative(suggestJob!.finished || suggestJob!.updated)}: {suggestSummary(lastResult)}
          </p>
        ) : null}
        {applying ? (
          <p role="status" className="flex items-center gap-2 text-gray-800 dark:text-gray-200" data-testid="apply-status">
            <Spinner className="size-4" /> Updating the article{content.wp_post_id ? " and its post in WordPress" : ""} ({applyJob.status})…
          </p>
        ) : applyJob?.status === "failed" ? (
          <div role="alert" className="flex flex-wrap items-center gap-2 rounded-lg border border-red-200 bg-red-50 p-3 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200" data-testid="apply-status">
            <AlertTriangle className="size-4 shrink-0" aria-hidden="true" />
            <span className="min-w-0 flex-1 break-words">The last update of the post failed: {applyJob.error || "no reason given"}. The approved links are kept; trying again sends them once.</span>
            {canEdit && inText.some((l) => l.status === "approved" || l.status === "removing") && (
              <Button size="sm" variant="secondary" disabled={decide.isPending || !!blocked} onClick={() => {
                const l = inText.find((x) => x.status === "approved") ?? inText.find((x) => x.status === "removing")!;
                decide.mutate({ link: l, action: l.status === "approved" ? "approve" : "remove" });
              }}>
                Try again
              </Button>
            )}
          </div>
        ) : null}
      </div>
      {links.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : links.isError ? (
        <PageError error={links.error} onRetry={() => void links.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState
          icon={<Link2 className="size-8" aria-hidden="true" />}
          title="No link suggestions yet"
          body="The Linker looks for the site's live articles named in this text (their keywords and titles) and for older articles that name this one. It is free."
          action={
            canEdit && (
              <Button loading={suggest.isPending} disabled={!!suggesting} onClick={() => suggest.mutate()}>
                Suggest links
              </Button>
            )
          }
        />
      ) : (
        <>
          <Group id="links-suggested" title={`Suggested from this article (${suggestedOut.length})`} empty="No open suggestions from this article.">
            {suggestedOut.map((l) => row(l, content.html))}
          </Group>
          <Group id="links-in-text" title={`In this article (${inText.length})`} empty="No igny8 links in this article yet: approve a suggestion.">
            {inText.map((l) => row(l, content.html))}
          </Group>
          <Group id="links-inbound" title={`Into this article from older articles (${inbound.length})`} empty={content.wp_url ? "No older article links here yet." : "Older articles can link here once this one is published."}>
            {inbound.map((l) => {
              const src = sources.data?.[l.source_content];
              return row(l, src?.html ?? "", { id: l.source_content, title: src?.title ?? l.source_title });
            })}
          </Group>
          {decided.length > 0 && (
            <details className="rounded-xl border border-gray-200 p-4 text-sm dark:border-gray-800">
              <summary className="cursor-pointer font-medium">Rejected and removed ({decided.length})</summary>
              <ul className="mt-2 divide-y divide-gray-100 dark:divide-gray-800" aria-label="Rejected and removed links">
                {decided.map((l) => {
                  const src = l.source_content === content.id ? { html: content.html } : sources.data?.[l.source_content];
                  return row(l, src?.html ?? "", l.source_content === content.id ? undefined : { id: l.source_content, title: l.source_title });
                })}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}

function Group({ id, title, empty, children }: { id: string; title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <h3 id={id} className="mb-2 font-medium">
        {title}
      </h3>
      {children.length === 0 ? <p className="text-sm text-gray-600 dark:text-gray-400">{empty}</p> : <ul className="divide-y divide-gray-100 dark:divide-gray-800">{children}</ul>}
    </section>
  );
}
