// The overlaps of an idea or an article with pages of the live site (the
// cannibalisation check, docs/WORDPRESS.md): each existing page's address (a link,
// its text only), the score and the reasons in words, and the three decisions —
// skip, merge into a refresh of the existing post, go ahead — for editors. A decision
// taken is shown in place of the buttons (and can be changed, but a merge made its
// refresh and stays). Live: the list follows the overlaps collection.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { Copy, ExternalLink } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { PageError } from "@/components/States";
import { toast } from "@/components/ui/Toast";
import { formatDateTime } from "@/lib/format";
import { isNewer } from "@/realtime/realtime";
import { toastError } from "@/features/planner/errors";
import { decideOverlap, overlapKeys, type Overlap, type OverlapDecision, type Subject } from "./api";
import { decisions, decisionText, percent, safeHref, summarise, type RefusedOverlap } from "./overlaps";
import { useOverlaps } from "./useOverlaps";

/** An overlap as the panel shows it: a full record, or what a refused publish named. */
export type OverlapItem = RefusedOverlap & Partial<Overlap>;

export interface OverlapPanelProps {
  tenant: string;
  slug: string;
  subject: Subject;
  canEdit: boolean;
  /** The heading's level: 2 in the editor, 3 inside an idea's card. */
  level?: 2 | 3;
  /** What a publish refused with 409 igny8_overlap named: shown until the list has them. */
  refused?: RefusedOverlap[] | null;
  /** Overlaps the page already read (a list's one call), instead of the panel's own query. */
  overlaps?: Overlap[];
}

/** The panel, reading the subject's overlaps itself (or the list's), nothing when there is none. */
export function OverlapPanel({ tenant, slug, subject, canEdit, level = 2, refused, overlaps }: OverlapPanelProps) {
  const own = useOverlaps(tenant, subject, overlaps === undefined);
  const list: OverlapItem[] | undefined = overlaps ?? (own.data && own.data.length > 0 ? own.data : (refused ?? own.data));
  if (overlaps === undefined && own.isPending) return refused?.length ? <OverlapSection {...{ tenant, slug, subject, canEdit, level, refused }} items={refused} /> : null;
  if (overlaps === undefined && own.isError) {
    return (
      <div className="mb-4">
        <PageError error={own.error} onRetry={() => void own.refetch()} />
      </div>
    );
  }
  if (!list || list.length === 0) return null;
  return <OverlapSection {...{ tenant, slug, subject, canEdit, level, refused }} items={list} />;
}

function OverlapSection({ tenant, slug, subject, canEdit, level, refused, items }: Required<Pick<OverlapPanelProps, "tenant" | "slug" | "subject" | "canEdit" | "level">> & { refused?: RefusedOverlap[] | null; items: OverlapItem[] }) {
  const s = summarise(items);
  const H = level === 2 ? "h2" : "h3";
  const titleId = `overlaps-${subject.kind}-${subject.id}`;
  const what = subject.kind === "idea" ? "This idea" : "This article";
  return (
    <section
      aria-labelledby={titleId}
      data-testid="overlap-panel"
      className={
        s.open > 0
          ? "mb-4 space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
          : "mb-4 space-y-3 rounded-xl border border-gray-200 bg-gray-50 p-4 text-sm text-gray-900 dark:border-gray-800 dark:bg-gray-900/60 dark:text-gray-100"
      }
    >
      <div className="space-y-1">
        <H id={titleId} className="flex items-center gap-2 text-base font-semibold">
          <Copy className="size-4 shrink-0" aria-hidden="true" />
          {s.open > 0 ? `${what} targets what ${s.total === 1 ? "a page of the site already covers" : `${s.total} pages of the site already cover`}` : `Overlaps with the live site: ${s.total === 1 ? "decided" : "all decided"}`}
        </H>
        {refused && refused.length > 0 && s.blocking > 0 && (
          <p role="alert" className="font-medium">
            Publishing was refused: decide {s.blocking === 1 ? "the overlap" : `each of the ${s.blocking} overlaps`} below, then publish again.
          </p>
        )}
        {s.open > 0 && (
          <p>
            Both would compete for the same searches. Decide for each: skip it, merge it into a refresh of the existing post, or go ahead.
            {subject.kind === "content" ? " Publishing waits until then." : ""}
          </p>
        )}
      </div>
      <ul className="space-y-3" aria-label={`Overlaps of ${subject.kind === "idea" ? "the idea" : "the article"}`}>
        {items.map((o) => (
          <li key={o.id}>
            <OverlapRow tenant={tenant} slug={slug} subject={subject} canEdit={canEdit} overlap={o} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function OverlapRow({ tenant, slug, subject, canEdit, overlap }: { tenant: string; slug: string; subject: Subject; canEdit: boolean; overlap: OverlapItem }) {
  const qc = useQueryClient();
  // The decision's answer, shown at once; a newer version from the list wins.
  const [answer, setAnswer] = useState<Overlap | null>(null);
  const [changing, setChanging] = useState(false);
  const o: OverlapItem = answer && (!overlap.updated || isNewer(answer, { id: overlap.id, updated: overlap.updated })) ? answer : overlap;
  const decide = useMutation({
    mutationFn: (d: OverlapDecision) => decideOverlap(o.id, d),
    onSuccess: (r) => {
      setAnswer(r);
      setChanging(false);
      toast.success(decisionText(r.status, subject.kind), { body: r.url || r.title || undefined });
      void qc.invalidateQueries({ queryKey: overlapKeys.all(tenant) });
      if (subject.kind === "idea") void qc.invalidateQueries({ queryKey: [tenant, "planner", "ideas"] });
    },
    onError: toastError,
  });
  const href = safeHref(o.url);
  // A finding about another igny8 content (ideas only) has no post to refresh.
  const canMerge = o.other_content ? false : o.page !== undefined ? !!o.page : subject.kind === "content";
  const decided = o.status !== "open";
  const reasons = o.reasons ?? [];
  return (
    <article data-testid="overlap" aria-label={`Overlap with ${o.title || o.url || "another igny8 article"}`} className="space-y-2 rounded-lg bg-white p-3 text-gray-900 dark:bg-gray-900 dark:text-gray-100">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 space-y-0.5">
          {o.title && <p className="font-medium break-words">{o.title}</p>}
          {href ? (
            <a data-testid="overlap-url" className="inline-flex max-w-full items-center gap-1 break-all text-brand-700 underline dark:text-brand-300" href={href} target="_blank" rel="noreferrer noopener">
              {o.url}
              <ExternalLink className="size-3 shrink-0" aria-hidden="true" />
              <span className="sr-only">(opens in a new tab)</span>
            </a>
          ) : o.other_content ? (
            <Link className="text-brand-700 underline dark:text-brand-300" to={`/t/${slug}/writer/contents/${o.other_content}`}>
              Another igny8 article of this site (not published yet)
            </Link>
          ) : (
            o.url && <span className="break-all">{o.url}</span>
          )}
        </div>
        <p className="shrink-0 sm:text-right" data-testid="overlap-score">
          <span className="text-lg font-semibold tabular-nums">{percent(o.score)}</span> <span className="text-xs">overlap</span>
          {o.lexical !== undefined && (
            <span className="block text-xs text-gray-700 dark:text-gray-300">
              words {percent(o.lexical)}
              {o.semantic ? ` · meaning ${percent(o.semantic)}` : ""}
            </span>
          )}
        </p>
      </div>
      {reasons.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-gray-800 dark:text-gray-200" aria-label="Why">
          {reasons.map((r, i) => (
            <li key={i} className="break-words">
              {r}
            </li>
          ))}
        </ul>
      )}
      {decided && !changing ? (
        <div className="flex flex-wrap items-center gap-2">
          <p data-testid="overlap-decision" className="font-medium">
            {decisionText(o.status, subject.kind)}
            {o.decided_at ? <span className="font-normal text-gray-700 dark:text-gray-300"> · {formatDateTime(o.decided_at)}</span> : null}
          </p>
          {o.status === "merge" && o.site && (
            <Link className="font-medium text-brand-700 underline dark:text-brand-300" to={`/t/${slug}/sites/${o.site}/optimizer`}>
              See the refresh in the Optimizer
            </Link>
          )}
          {canEdit && o.status !== "merge" && (
            <Button size="sm" variant="ghost" onClick={() => setChanging(true)}>
              Change the decision
            </Button>
          )}
        </div>
      ) : canEdit ? (
        <div className="flex flex-wrap gap-2">
          {decisions(subject.kind, canMerge).map((d) => (
            <Button
              key={d.decision}
              size="sm"
              variant={d.decision === "go_ahead" ? "primary" : "secondary"}
              disabled={decide.isPending || d.decision === o.status}
              loading={decide.isPending && decide.variables === d.decision}
              title={d.effect}
              onClick={() => decide.mutate(d.decision)}
            >
              {d.label}
            </Button>
          ))}
          {changing && (
            <Button size="sm" variant="ghost" onClick={() => setChanging(false)}>
              Cancel
            </Button>
          )}
        </div>
      ) : (
        <p className="text-gray-700 dark:text-gray-300">Undecided: an editor of the workspace decides.</p>
      )}
    </article>
  );
}
