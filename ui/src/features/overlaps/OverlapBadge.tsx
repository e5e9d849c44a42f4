// The badge of an idea or an article the cannibalisation check flagged: how many
// pages of the site it competes with while undecided, else the decision taken.
import { Copy } from "lucide-react";
import { cn } from "@/lib/cn";
import type { Overlap } from "./api";
import { summarise } from "./overlaps";

/** The badge's words for a subject's overlaps ("" when there is none). */
export function badgeText(list: readonly Pick<Overlap, "status">[]): { text: string; open: boolean } {
  const s = summarise(list);
  if (s.total === 0) return { text: "", open: false };
  if (s.open > 0) return { text: `overlaps ${s.open} page${s.open === 1 ? "" : "s"}`, open: true };
  if (list.some((o) => o.status === "skip")) return { text: "overlap: skipped", open: false };
  if (list.some((o) => o.status === "merge")) return { text: "overlap: merged into a refresh", open: false };
  return { text: "overlap: go ahead", open: false };
}

export function OverlapBadge({ overlaps }: { overlaps: readonly Pick<Overlap, "status">[] | undefined }) {
  const b = badgeText(overlaps ?? []);
  if (!b.text) return null;
  return (
    <span
      data-testid="overlap-badge"
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
        b.open ? "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300" : "bg-gray-100 text-gray-800 dark:bg-gray-800 dark:text-gray-200",
      )}
    >
      <Copy className="size-3" aria-hidden="true" />
      {b.text}
    </span>
  );
}
