// What the app makes of overlaps: the words of each decision, which overlaps keep an
// article from being published (undecided or skipped, as the server decides), a
// page's address as a safe link, and the overlaps a refused publish carries
// (409 igny8_overlap, data.overlaps).
import { ClientResponseError } from "pocketbase";
import type { Overlap, OverlapDecision, OverlapStatus, Subject } from "./api";

/** The decision buttons, in the order shown, with what each does to an idea or an article. */
export function decisions(kind: Subject["kind"], canMerge: boolean): { decision: OverlapDecision; label: string; effect: string }[] {
  const out: { decision: OverlapDecision; label: string; effect: string }[] = [
    { decision: "skip", label: "Skip", effect: kind === "idea" ? "The idea is rejected." : "The article stays unpublished." },
  ];
  if (canMerge) out.push({ decision: "merge", label: "Merge into a refresh", effect: "The existing post gets a refresh suggestion in the Optimizer instead" + (kind === "idea" ? "; the idea is rejected." : ".") });
  out.push({ decision: "go_ahead", label: "Go ahead", effect: kind === "idea" ? "Plan the idea anyway." : "Publish the article anyway." });
  return out;
}

/** The decision taken, in words ("" while open). */
export function decisionText(status: OverlapStatus | string, kind: Subject["kind"]): string {
  switch (status) {
    case "skip":
      return kind === "idea" ? "Skipped: the idea was rejected" : "Skipped: the article stays unpublished";
    case "merge":
      return "Merged into a refresh of the existing post";
    case "go_ahead":
      return kind === "idea" ? "Go ahead: the idea stays planned" : "Go ahead: the article may be published";
    default:
      return "";
  }
}

/** Whether an overlap keeps its article from being published (the server's overlap.Blocking). */
export function blocks(o: Pick<Overlap, "status">): boolean {
  return o.status === "open" || o.status === "skip";
}

/** A count of a subject's overlaps by what they ask of the user. */
export function summarise(list: readonly Pick<Overlap, "status">[]): { total: number; open: number; blocking: number } {
  return { total: list.length, open: list.filter((o) => o.status === "open").length, blocking: list.filter(blocks).length };
}

/** A score 0–1 as a whole percentage ("82 %"). */
export function percent(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score || 0)) * 100)} %`;
}

/** The address as a link target when it is a web address (http or https), else null (shown as text only). */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/** An overlap as a refused publish names it (data.overlaps of a 409 igny8_overlap). */
export type RefusedOverlap = Pick<Overlap, "id" | "url" | "title" | "score" | "status" | "reasons">;

/** The overlaps of a publish refused with 409 igny8_overlap, or null for any other error. */
export function refusedOverlaps(err: unknown): RefusedOverlap[] | null {
  if (!(err instanceof ClientResponseError) || err.status !== 409) return null;
  const data = (err.response?.data ?? {}) as { code?: unknown; overlaps?: unknown };
  if (data.code !== "igny8_overlap" || !Array.isArray(data.overlaps)) return null;
  return data.overlaps
    .filter((o): o is Record<string, unknown> => !!o && typeof o === "object" && typeof (o as { id?: unknown }).id === "string")
    .map((o) => ({
      id: String(o.id),
      url: typeof o.url === "string" ? o.url : "",
      title: typeof o.title === "string" ? o.title : "",
      score: typeof o.score === "number" ? o.score : 0,
      status: (typeof o.status === "string" ? o.status : "open") as OverlapStatus,
      reasons: Array.isArray(o.reasons) ? o.reasons.filter((r): r is string => typeof r === "string") : [],
    }));
}
