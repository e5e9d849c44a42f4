// Pure helpers of the Linker's panels: where an anchor sits in its article (the
// sentence around it, as the reader will see it), the words and tones of link
// statuses and types, which links a bulk action applies to, and the outcome of a run.
import type { Tone } from "@/components/ui/Badge";
import type { BulkResult, InternalLink, LinkAction, LinkStatus, LinkType, SuggestResult } from "./api";
import { LINKS_PER_POST_MAX } from "./api";

/** Elements whose text never takes a link (linker/anchor.go's skipped). */
const SKIPPED = "h1,h2,h3,h4,h5,h6,a,figure,figcaption,pre,code,script,style,button,label,select,textarea,caption,th";
const BLOCK = "p,li,blockquote,td,dd,dt,div,section,article,body";

export interface AnchorContext {
  before: string;
  anchor: string;
  after: string;
}

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whole words of phrase, any case, any whitespace between them (as the server matches). */
function phraseRe(phrase: string) {
  const words = phrase.trim().split(/\s+/).filter(Boolean).map(escapeRe);
  return new RegExp(`(^|[^\\p{L}\\p{N}])(${words.join("\\s+")})(?=[^\\p{L}\\p{N}]|$)`, "iu");
}

/** Text offset of node within block (its textContent's index). */
function offsetIn(block: Node, node: Node): number {
  let n = 0;
  const walk = block.ownerDocument!.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (t === node || node.contains(t)) return n;
    n += t.textContent?.length ?? 0;
  }
  return n;
}

/** Up to max characters of s, cut at a word on the side away from the anchor. */
function clip(s: string, max: number, side: "start" | "end"): string {
  const t = s.replace(/\s+/g, " ");
  if (t.length <= max) return t;
  if (side === "start") {
    const cut = t.slice(t.length - max);
    const i = cut.indexOf(" ");
    return "…" + (i >= 0 && i < max / 2 ? cut.slice(i + 1) : cut);
  }
  const cut = t.slice(0, max);
  const i = cut.lastIndexOf(" ");
  return (i > max / 2 ? cut.slice(0, i) : cut) + "…";
}

function around(block: Element, start: number, length: number, max: number): AnchorContext {
  const text = block.textContent ?? "";
  return {
    before: clip(text.slice(0, start), max, "start").replace(/^\s+/, ""),
    anchor: text.slice(start, start + length).replace(/\s+/g, " "),
    after: clip(text.slice(start + length), max, "end").replace(/\s+$/, ""),
  };
}

/**
 * The anchor in its context in html: an inserted link's own <a data-igny8-link> when
 * linkId names one, else the first whole-word occurrence of anchor outside headings,
 * links, figures and code (where the Linker inserts it). null when the text no longer
 * has it (the article was edited since the suggestion).
 */
export function anchorContext(html: string, anchor: string, linkId?: string, max = 80): AnchorContext | null {
  if (!html || !anchor.trim()) return null;
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  if (linkId) {
    const a = Array.from(body.querySelectorAll("a[data-igny8-link]")).find((el) => el.getAttribute("data-igny8-link") === linkId);
    if (a) {
      const block = a.parentElement?.closest(BLOCK) ?? body;
      return around(block, offsetIn(block, a), a.textContent?.length ?? 0, max);
    }
  }
  const re = phraseRe(anchor);
  const walk = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (t.parentElement?.closest(SKIPPED)) continue;
    const m = re.exec(t.textContent ?? "");
    if (!m) continue;
    const block = t.parentElement?.closest(BLOCK) ?? body;
    return around(block, offsetIn(block, t) + m.index + m[1]!.length, m[2]!.length, max);
  }
  return null;
}

export const statusText: Record<LinkStatus, string> = {
  suggested: "suggested",
  approved: "inserting…",
  inserted: "inserted",
  removing: "removing…",
  removed: "removed",
  rejected: "rejected",
};

export const statusTone: Record<LinkStatus, Tone> = { suggested: "brand", approved: "amber", inserted: "green", removing: "amber", removed: "gray", rejected: "gray" };

export const typeText: Record<LinkType, string> = { upward: "Upward", downward: "Downward", horizontal: "Horizontal" };

/** What each link type means, for its badge's title. */
export const typeHelp: Record<LinkType, string> = {
  upward: "Up to the cluster's hub (its pillar or page)",
  downward: "Down from the cluster's hub to one of its articles",
  horizontal: "Between articles of a cluster, or across clusters",
};

export const priorityTone: Record<string, Tone> = { high: "green", medium: "amber", low: "gray" };

/** The statuses an action applies to (the routes' rules, linker/decide.go). */
const applies: Record<LinkAction, LinkStatus[]> = {
  approve: ["suggested", "rejected", "removed"],
  reject: ["suggested", "approved"],
  remove: ["inserted"],
};

/** Whether action can be taken on a link in status. */
export function canDo(action: LinkAction, status: LinkStatus): boolean {
  return applies[action].includes(status);
}

/** The selected links an action applies to. */
export function actionable(links: Pick<InternalLink, "id" | "status">[], action: LinkAction): string[] {
  return links.filter((l) => canDo(action, l.status)).map((l) => l.id);
}

/** The links in (or on their way into) a source article: its share of the per-post cap. */
export function capUsed(links: Pick<InternalLink, "source_content" | "status">[], source: string): number {
  return links.filter((l) => l.source_content === source && (l.status === "approved" || l.status === "inserted" || l.status === "removing")).length;
}

export function capLeft(links: Pick<InternalLink, "source_content" | "status">[], source: string): number {
  return Math.max(0, LINKS_PER_POST_MAX - capUsed(links, source));
}

const plural = (n: number, one: string, many = one + "s") => `${n} ${n === 1 ? one : many}`;

/** A suggestion run's outcome in words. */
export function suggestSummary(r: SuggestResult | null | undefined): string {
  if (!r) return "Suggestions are ready.";
  const parts: string[] = [];
  if (r.outbound || !r.backfill) parts.push(`${plural(r.outbound, "new link")} from this article`);
  if (r.backfill) parts.push(`${plural(r.backfill, "new link")} into it from older articles`);
  let s = parts.join(", ") + ".";
  if (r.waiting) s += ` The ${r.waiting.replace(/^back-fill/, "back-fill from older articles")}.`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const doneVerb: Record<LinkAction, string> = { approve: "approved", reject: "rejected", remove: "marked for removal" };

/** A bulk call's outcome: the toast's title and body. */
export function bulkSummary(r: BulkResult): { title: string; body?: string } {
  const done = Object.keys(r.done).length;
  const title = `${plural(done, "link")} ${doneVerb[r.action]}`;
  const notes: string[] = [];
  if (r.action !== "reject" && r.jobs.length) notes.push(`${plural(r.jobs.length, "article")} ${r.jobs.length === 1 ? "is" : "are"} being updated; the links follow live.`);
  if (r.skipped.length) {
    const reasons = [...new Set(r.skipped.map((s) => s.reason))];
    notes.push(`${plural(r.skipped.length, "link")} skipped: ${reasons.slice(0, 2).join(" ")}${reasons.length > 2 ? " …" : ""}`);
  }
  return { title, body: notes.join(" ") || undefined };
}
