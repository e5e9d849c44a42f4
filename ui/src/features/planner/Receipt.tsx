// The receipt of a cluster: why its keywords belong together, in the words of the
// method that grouped them (shared terms and cohesion, or the AI and what it repaired).
import type { ClusterReceipts } from "./api";

export function receiptText(r: ClusterReceipts | null | undefined): string[] {
  if (!r || !r.method) return [];
  const out: string[] = [];
  if (r.method === "tokens") {
    if (r.terms?.length) out.push(`They share the terms ${r.terms.map((t) => `“${t}”`).join(", ")}.`);
    if (typeof r.cohesion === "number") out.push(`Cohesion ${Math.round(r.cohesion * 100)} % ${r.embeddings ? "(terms and meaning)" : "(shared terms)"}.`);
    out.push("Grouped without AI.");
  } else if (r.method === "ai") {
    out.push(`Grouped by shared terms, then named and checked by the AI${r.model ? ` (${r.model})` : ""}.`);
    const fixed = (r.repairedMissing ?? 0) + (r.repairedDuplicates ?? 0);
    if (fixed > 0) out.push(`${fixed} keyword${fixed === 1 ? "" : "s"} the AI left out or repeated ${fixed === 1 ? "was" : "were"} placed by the grouping.`);
  } else if (r.method === "manual" || r.byHand) {
    out.push(r.splitFrom ? "Split off another cluster by hand." : "Put together by hand.");
  } else out.push(`Grouped by ${r.method}.`);
  if (r.mergedInto) out.push("Merged into another cluster.");
  if (r.note) out.push(r.note);
  return out;
}

export function Receipt({ receipts }: { receipts: ClusterReceipts | null | undefined }) {
  const lines = receiptText(receipts);
  if (lines.length === 0) return null;
  return (
    <div className="mt-3 rounded-lg bg-gray-50 p-2 text-xs text-gray-700 dark:bg-gray-950 dark:text-gray-300">
      <p className="font-medium">Why these belong together</p>
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </div>
  );
}
