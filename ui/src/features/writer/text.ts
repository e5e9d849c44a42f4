// Pure helpers of the Writer pages: counting words as the server does (roughly: the
// server's reparse is the truth and replaces the figure on save), the text blocks a
// version diff compares, and dates in the site's time zone.
import { diffArrays, diffWords } from "diff";

/** The words of html's text (tags dropped, entities decoded by the browser's parser). */
export function wordCount(html: string): number {
  // a space after each block, so "<h2>A</h2><p>B</p>" is two words, not "AB"
  const spaced = html.replace(/<\/(p|h[1-6]|li|blockquote|td|th|figure|figcaption|div|pre)>|<br\s*\/?>/gi, "$& ");
  const text = new DOMParser().parseFromString(`<body>${spaced}</body>`, "text/html").body.textContent ?? "";
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length;
}

/** One line of text per block (headings, paragraphs, list items, figures as their alt). */
export function textBlocks(html: string): string[] {
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  const out: string[] = [];
  body.querySelectorAll("h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,figure,td,th").forEach((el) => {
    if (el.tagName === "FIGURE") {
      const alt = el.querySelector("img")?.getAttribute("alt") ?? "";
      out.push(`[image: ${alt}]`);
      return;
    }
    if (el.closest("li,blockquote,td,th") !== el && el.parentElement?.closest("li,blockquote,td,th")) return;
    const t = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    if (t) out.push(/^H[1-6]$/.test(el.tagName) ? `${"#".repeat(Number(el.tagName[1]))} ${t}` : t);
  });
  return out;
}

export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** The site's time zone as the server reads it (collections.SiteTimezone). */
export function siteTimezone(site: { timezone?: string; wp_settings?: { timezone?: string } | null } | undefined): string {
  for (const tz of [site?.timezone, site?.wp_settings?.timezone]) {
    if (tz && validZone(tz)) return tz;
  }
  return "UTC";
}

export function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock "YYYY-MM-DDTHH:MM" of instant in tz (for a datetime-local input). */
export function localInZone(instant: Date, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** instant shown in tz, e.g. "Dec 24, 2026, 09:00 (Europe/Berlin)". */
export function formatInZone(iso: string, tz: string): string {
  const d = new Date(iso.replace(" ", "T"));
  if (Number.isNaN(d.getTime())) return "";
  return `${new Intl.DateTimeFormat("en", { timeZone: tz, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }).format(d)} (${tz})`;
}

/** Length advice of the SEO panel: [min, max] characters search engines show. */
export const seoLimits = { meta_title: [30, 60], meta_description: [70, 160] } as const;

export function lengthTone(len: number, [min, max]: readonly [number, number]): "ok" | "short" | "long" {
  if (len > max) return "long";
  if (len < min) return "short";
  return "ok";
}

/** The keywords of a task (a list of strings, or objects with keyword/name as older rows have). */
export function taskKeywords(raw: unknown): string[] {
  const list = typeof raw === "string" ? safeJSON(raw) : raw;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const it of list) {
    const s = typeof it === "string" ? it : it && typeof it === "object" ? String((it as Record<string, unknown>).keyword ?? (it as Record<string, unknown>).name ?? "") : "";
    if (s.trim()) out.push(s.trim());
  }
  return out;
}

function safeJSON(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** One block of a version diff: unchanged blocks (collapsed by the view), or a changed one with its word diff. */
export type DiffBlock = { kind: "same"; lines: string[] } | { kind: "changed"; parts: DiffPart[] };

/**
 * The readable diff of two versions: blocks (paragraphs, headings, items) compared as
 * units, so unchanged ones can be folded away, and a changed block diffed word by word
 * against the block it replaced.
 */
export function diffBlocks(before: string, after: string): DiffBlock[] {
  const out: DiffBlock[] = [];
  const chunks = diffArrays(textBlocks(before), textBlocks(after));
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (!c.added && !c.removed) {
      out.push({ kind: "same", lines: c.value });
      continue;
    }
    const removed = c.removed ? c.value : [];
    const next = chunks[i + 1];
    const added = c.removed && next?.added ? next.value : c.added ? c.value : [];
    if (c.removed && next?.added) i++;
    const n = Math.max(removed.length, added.length);
    for (let j = 0; j < n; j++) {
      const a = removed[j];
      const b = added[j];
      if (a !== undefined && b !== undefined) out.push({ kind: "changed", parts: diffWords(a, b).map((p) => ({ value: p.value, added: p.added || undefined, removed: p.removed || undefined })) });
      else if (a !== undefined) out.push({ kind: "changed", parts: [{ value: a, removed: true }] });
      else if (b !== undefined) out.push({ kind: "changed", parts: [{ value: b, added: true }] });
    }
  }
  return out;
}
