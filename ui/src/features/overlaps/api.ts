// The cannibalisation check's server calls (docs/API.md "Cannibalisation check"): the
// overlaps of an idea or an article (members read them through the collections API),
// the overlaps of a page of ideas or tasks' articles at once (the lists' badges, one
// call per page), the decision (editor+), and the article's check run now.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

/** An overlap's state: open until someone decides; skip, merge or go_ahead after. */
export type OverlapStatus = "open" | "skip" | "merge" | "go_ahead";
export type OverlapDecision = Exclude<OverlapStatus, "open">;

export interface Overlap extends BaseRecord {
  tenant: string;
  site: string;
  /** The idea or the article the finding is about (one of the two). */
  idea: string;
  content: string;
  /** The indexed page of the site it competes with (site_pages), or another igny8 content (ideas only). */
  page: string;
  other_content: string;
  url: string;
  title: string;
  score: number;
  lexical: number;
  /** The embedding cosine; 0 when not measured (offline, or the AI layer down). */
  semantic: number;
  reasons: string[] | null;
  status: OverlapStatus;
  decided_by: string;
  decided_at: string;
  /** The refresh a merge made (the Optimizer). */
  refresh: string;
}

/** What the subject of an overlap is: an idea (the Planner) or an article (the Writer). */
export type Subject = { kind: "idea" | "content"; id: string };

export const overlapKeys = {
  all: (t: string) => [t, "overlaps"] as const,
  of: (t: string, s: Subject) => [t, "overlaps", s.kind, s.id] as const,
  many: (t: string, kind: Subject["kind"], ids: string[]) => [t, "overlaps", "many", kind, ids] as const,
  site: (t: string, site: string, kind: Subject["kind"]) => [t, "overlaps", "site", site, kind] as const,
};

const FIELDS = "id,collectionId,collectionName,tenant,site,idea,content,page,other_content,url,title,score,lexical,semantic,reasons,status,decided_by,decided_at,refresh,created,updated";

/** The overlaps of one idea or article, the closest first. */
export function listOverlaps(tenant: string, s: Subject, signal?: AbortSignal) {
  return pb.collection("overlaps").getFullList<Overlap>({
    filter: pb.filter(`tenant = {:t} && ${s.kind} = {:id}`, { t: tenant, id: s.id }),
    fields: FIELDS,
    sort: "-score,id",
    signal,
    requestKey: null,
  });
}

/** The overlaps of the listed ideas or articles (a page of a list), by idea or article id. */
export async function overlapsOfMany(tenant: string, kind: Subject["kind"], ids: string[], signal?: AbortSignal): Promise<Record<string, Overlap[]>> {
  if (ids.length === 0) return {};
  const params: Record<string, string> = { t: tenant };
  const ors = ids.map((id, i) => {
    params[`k${i}`] = id;
    return `${kind} = {:k${i}}`;
  });
  const list = await pb.collection("overlaps").getFullList<Overlap>({
    filter: pb.filter(`tenant = {:t} && (${ors.join(" || ")})`, params),
    fields: FIELDS,
    sort: "-score,id",
    signal,
    requestKey: null,
  });
  const out: Record<string, Overlap[]> = {};
  for (const o of list) (out[o[kind]] ??= []).push(o);
  return out;
}

export type SiteOverlap = Overlap & { expand?: { idea?: { id: string; title: string }; content?: { id: string; title: string } } };

/** The site's undecided overlaps of ideas or of articles (the 50 closest), with the idea's or article's title. */
export async function openOverlapsOfSite(tenant: string, site: string, kind: Subject["kind"], signal?: AbortSignal) {
  const res = await pb.collection("overlaps").getList<SiteOverlap>(1, 50, {
    // a rejected idea waits on nobody
    filter: pb.filter(`tenant = {:t} && site = {:s} && status = 'open' && ${kind} != ''${kind === "idea" ? " && idea.status != 'rejected'" : ""}`, { t: tenant, s: site }),
    fields: `id,idea,content,url,score,status,updated,expand.${kind}.id,expand.${kind}.title`,
    expand: kind,
    sort: "-score,id",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

/** Records the decision on an overlap (editor+); answers the overlap. */
export function decideOverlap(id: string, decision: OverlapDecision) {
  return pb.send<Overlap>(`/api/igny8/overlaps/${encodeURIComponent(id)}/decide`, { method: "POST", body: { decision }, requestKey: null });
}

/** Runs the check of an article now (editor+): its overlaps as publishing would see them. */
export function checkContent(content: string) {
  return pb.send<{ items: Overlap[] }>(`/api/igny8/contents/${encodeURIComponent(content)}/overlap-check`, { method: "POST", requestKey: null });
}
