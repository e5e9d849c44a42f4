// Above the Ideas and the Writer's lists: which ideas or articles of the site the
// cannibalisation check flagged and nobody has decided yet, so the list answers
// "what waits on me" at a glance. Nothing when none.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCollectionEvents, useResync } from "@/realtime/useRealtime";
import { Link } from "react-router";
import { formatNumber } from "@/lib/format";
import { openOverlapsOfSite, overlapKeys, type SiteOverlap, type Subject } from "./api";

/** The flagged subjects of a site's open overlaps, each once, closest first (at most max). */
export function flaggedSubjects(list: readonly SiteOverlap[], kind: Subject["kind"], max = 8): { id: string; title: string; pages: number }[] {
  const by = new Map<string, { id: string; title: string; pages: number }>();
  for (const o of list) {
    const id = o[kind];
    if (!id) continue;
    const cur = by.get(id);
    if (cur) cur.pages++;
    else by.set(id, { id, title: o.expand?.[kind]?.title || "(untitled)", pages: 1 });
  }
  return [...by.values()].slice(0, max);
}

export function OverlapSummary({ tenant, slug, site, kind }: { tenant: string; slug: string; site: string; kind: Subject["kind"] }) {
  const qc = useQueryClient();
  const key = overlapKeys.site(tenant, site, kind);
  useCollectionEvents<SiteOverlap>("overlaps", tenant, (e) => {
    if (e.record.site === site) void qc.invalidateQueries({ queryKey: key });
  });
  useResync(() => void qc.invalidateQueries({ queryKey: key }));
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => openOverlapsOfSite(tenant, site, kind, signal), enabled: !!site });
  const flagged = flaggedSubjects(q.data ?? [], kind);
  if (flagged.length === 0) return null;
  const all = new Set((q.data ?? []).map((o) => o[kind])).size;
  const noun = kind === "idea" ? "idea" : "article";
  return (
    <section aria-labelledby={`overlap-summary-${kind}`} data-testid="overlaps-list" className="mb-3 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <h2 id={`overlap-summary-${kind}`} className="font-semibold">
        {formatNumber(all)} {noun}
        {all === 1 ? " targets" : "s target"} what a page of the site already covers
      </h2>
      <p className="mt-0.5">
        {kind === "idea" ? "Each is marked below: skip it, merge it into a refresh of the existing post, or go ahead." : "Open each to skip it, merge it into a refresh of the existing post, or go ahead; publishing waits until then."}
      </p>
      {kind === "content" && (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          {flagged.map((f) => (
            <li key={f.id}>
              <Link className="font-medium break-words underline" to={`/t/${slug}/writer/contents/${f.id}?tab=publish`}>
                {f.title}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
