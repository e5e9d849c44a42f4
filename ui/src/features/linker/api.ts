// The Linker's server calls (docs/API.md "Linker"): internal links are read through
// the collections API (members read, nobody writes there); every decision goes
// through igny8's routes, which queue the insertion into (or the removal from) the
// source article and its live post. Query keys start with the workspace id.
import { ClientResponseError } from "pocketbase";
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";
import { describeError } from "@/lib/errors";
import { toast } from "@/components/ui/Toast";

export type LinkStatus = "suggested" | "approved" | "inserted" | "removing" | "removed" | "rejected";
export type LinkType = "upward" | "downward" | "horizontal";
export type LinkPriority = "high" | "medium" | "low";
export type LinkOrigin = "outbound" | "backfill" | "import";
export type LinkAction = "approve" | "reject" | "remove";

export interface InternalLink extends BaseRecord {
  tenant: string;
  site: string;
  source_content: string;
  source_post: number;
  source_url: string;
  source_title: string;
  target_content: string;
  target_post: number;
  target_url: string;
  target_title: string;
  anchor: string;
  cluster: string;
  link_type: LinkType;
  priority: LinkPriority;
  status: LinkStatus;
  origin: LinkOrigin;
  score: number;
  reason: string;
  error: string;
  inserted_at: string;
  removed_at: string;
}

export const linkStatuses: LinkStatus[] = ["suggested", "approved", "inserted", "removing", "removed", "rejected"];
export const linkTypes: LinkType[] = ["upward", "downward", "horizontal"];

/** The per-post cap of igny8's links (collections.LinksPerPostMax). */
export const LINKS_PER_POST_MAX = 5;
/** The most links one bulk call names (linker.MaxBulkLinks). */
export const MAX_BULK_LINKS = 100;

export interface SiteLinkFilter {
  status?: string;
  type?: string;
  search?: string;
}

export const linkerKeys = {
  all: (t: string) => [t, "linker"] as const,
  ofContent: (t: string, content: string) => [t, "linker", "content", content] as const,
  sources: (t: string, ids: string[]) => [t, "linker", "sources", ids] as const,
  jobs: (t: string, targets: string[]) => [t, "linker", "jobs", targets] as const,
  site: (t: string, site: string) => [t, "linker", "site", site] as const,
  sitePage: (t: string, site: string, f: SiteLinkFilter, page: number, perPage: number, sort: string) => [t, "linker", "site", site, "page", f, page, perPage, sort] as const,
  siteCount: (t: string, site: string, f: SiteLinkFilter) => [t, "linker", "site", site, "count", f] as const,
  siteCounts: (t: string, site: string) => [t, "linker", "site", site, "counts"] as const,
};

const FIELDS =
  "id,collectionId,collectionName,tenant,site,source_content,source_post,source_url,source_title,target_content,target_post,target_url,target_title,anchor,cluster,link_type,priority,status,origin,score,reason,error,inserted_at,removed_at,created,updated";

/** Every link from or into a content (at most 2 × 10 per suggestion run, and the cap keeps them few). */
export function listContentLinks(tenant: string, content: string, signal?: AbortSignal) {
  return pb.collection("internal_links").getFullList<InternalLink>({
    filter: pb.filter("tenant = {:t} && (source_content = {:c} || target_content = {:c})", { t: tenant, c: content }),
    fields: FIELDS,
    sort: "-score,created,id",
    signal,
    requestKey: null,
  });
}

/** The PocketBase filter of a site's links within tenant. */
export function buildSiteLinkFilter(tenant: string, site: string, f: SiteLinkFilter): string {
  const parts = ["tenant = {:t}", "site = {:s}"];
  const params: Record<string, string> = { t: tenant, s: site };
  if (f.status) {
    parts.push("status = {:status}");
    params.status = f.status;
  }
  if (f.type) {
    parts.push("link_type = {:type}");
    params.type = f.type;
  }
  const q = f.search?.trim();
  if (q) {
    parts.push("(anchor ~ {:q} || source_title ~ {:q} || target_title ~ {:q} || target_url ~ {:q})");
    params.q = q;
  }
  return pb.filter(parts.join(" && "), params);
}

export async function listSiteLinks(tenant: string, site: string, f: SiteLinkFilter, page: number, perPage: number, sort: string, signal?: AbortSignal) {
  const res = await pb.collection("internal_links").getList<InternalLink>(page, perPage, {
    filter: buildSiteLinkFilter(tenant, site, f),
    fields: FIELDS,
    sort: sort ? `${sort},id` : "-created,id",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

export async function countSiteLinks(tenant: string, site: string, f: SiteLinkFilter, signal?: AbortSignal) {
  const res = await pb.collection("internal_links").getList(1, 1, { filter: buildSiteLinkFilter(tenant, site, f), fields: "id", signal, requestKey: null });
  return res.totalItems;
}

/** How many of the site's links are in each status (one small count per status). */
export async function siteLinkCounts(tenant: string, site: string, signal?: AbortSignal): Promise<Record<LinkStatus, number>> {
  const counts = await Promise.all(linkStatuses.map((s) => countSiteLinks(tenant, site, { status: s }, signal)));
  return Object.fromEntries(linkStatuses.map((s, i) => [s, counts[i]!])) as Record<LinkStatus, number>;
}

/** The text of the articles the listed links come from (for the anchor in its context). */
export async function sourceTexts(tenant: string, ids: string[], signal?: AbortSignal): Promise<Record<string, { id: string; title: string; html: string }>> {
  if (ids.length === 0) return {};
  const params: Record<string, string> = { t: tenant };
  const ors = ids.map((id, i) => {
    params[`k${i}`] = id;
    return `id = {:k${i}}`;
  });
  const list = await pb.collection("contents").getFullList<{ id: string; title: string; html: string }>({
    filter: pb.filter(`tenant = {:t} && (${ors.join(" || ")})`, params),
    fields: "id,title,html",
    signal,
    requestKey: null,
  });
  return Object.fromEntries(list.map((c) => [c.id, c]));
}

export interface SuggestResult {
  outbound: number;
  backfill: number;
  waiting?: string;
}

export function suggestLinks(content: string) {
  return pb.send<{ job: string; status: string }>(`/api/igny8/linker/contents/${encodeURIComponent(content)}/suggest`, { method: "POST", requestKey: null });
}

export function decideLink(link: string, action: LinkAction) {
  return pb.send<{ link: string; status: LinkStatus; job?: string }>(`/api/igny8/linker/links/${encodeURIComponent(link)}/${action}`, { method: "POST", requestKey: null });
}

export interface BulkResult {
  action: LinkAction;
  done: Record<string, LinkStatus>;
  skipped: { id: string; reason: string }[];
  jobs: string[];
}

export function bulkDecide(tenant: string, action: LinkAction, ids: string[]) {
  return pb.send<BulkResult>("/api/igny8/linker/links/bulk", { method: "POST", body: { tenant, action, ids }, requestKey: null });
}

/** The newest Linker job of each kind aimed at the listed contents (running, or the last one's outcome). */
export async function linkerJobs(tenant: string, targets: string[], signal?: AbortSignal) {
  if (targets.length === 0) return [] as LinkerJob[];
  const params: Record<string, string> = { t: tenant };
  const ors = targets.map((id, i) => {
    params[`k${i}`] = id;
    return `target = {:k${i}}`;
  });
  const res = await pb.collection("jobs").getList<LinkerJob>(1, 20, {
    filter: pb.filter(`tenant = {:t} && type ~ 'linker.' && (${ors.join(" || ")})`, params),
    fields: "id,type,target,status,error,result,created,updated,finished",
    sort: "-created,id",
    skipTotal: true,
    signal,
    requestKey: null,
  });
  return res.items;
}

export interface LinkerJob {
  id: string;
  type: string;
  target: string;
  status: "queued" | "running" | "succeeded" | "failed" | "canceled";
  error: string;
  result: unknown;
  created: string;
  updated: string;
  finished: string;
}

/**
 * A refused decision as the user should read it: the Linker's 409s say exactly why
 * ("The article already has 5 links from igny8…"), so that text is the toast's body.
 */
export function toastLinkerError(err: unknown) {
  const p = describeError(err);
  const msg = err instanceof ClientResponseError && p.code === "igny8_conflict" ? String(err.response?.message ?? "") : "";
  toast.error(msg ? "The Linker cannot do this" : p.title, { body: msg || p.hint });
}
