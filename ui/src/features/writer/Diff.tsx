// Word diffs of two texts, as text only: inline (struck / marked words, the version
// history) or side by side (each side shows its own words of every changed block, the
// conflict panel). Blocks are the paragraphs, headings and items of textBlocks.
import { diffBlocks, type DiffPart } from "./text";

/** The classes of removed (struck) and added (marked) words, shared by every diff view. */
export const del = "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200";
export const ins = "bg-green-100 text-green-900 no-underline dark:bg-green-950 dark:text-green-200";

/** A run of unchanged blocks: shown as they are up to two, folded into a count beyond. */
export function UnchangedBlocks({ lines }: { lines: string[] }) {
  if (lines.length > 2) {
    return <p className="my-1 text-xs text-gray-600 italic dark:text-gray-400">… {lines.length} unchanged blocks …</p>;
  }
  return (
    <>
      {lines.map((l, j) => (
        <p key={j} className="my-1 text-gray-700 dark:text-gray-300">
          {l}
        </p>
      ))}
    </>
  );
}

export function DiffParts({ parts, side }: { parts: DiffPart[]; side?: "before" | "after" }) {
  return (
    <>
      {parts.map((p, i) =>
        p.added ? (
          side === "before" ? null : (
            <ins key={i} className={ins}>
              {p.value}
            </ins>
          )
        ) : p.removed ? (
          side === "after" ? null : (
            <del key={i} className={del}>
              {p.value}
            </del>
          )
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </>
  );
}

/** before and after in two columns: unchanged blocks folded, changed ones word by word. */
export function SideBySide({ before, after, beforeLabel, afterLabel, beforeTitle, afterTitle }: { before: string; after: string; beforeLabel: string; afterLabel: string; beforeTitle: string; afterTitle: string }) {
  const blocks = diffBlocks(before, after);
  const column = (side: "before" | "after") => (
    <div
      tabIndex={0}
      role="region"
      aria-label={side === "before" ? beforeLabel : afterLabel}
      data-testid={`conflict-${side}`}
      className="max-h-[60vh] min-w-0 overflow-auto rounded-xl border border-gray-200 p-3 text-sm leading-relaxed break-words dark:border-gray-800"
    >
      <h4 className="mb-2 font-semibold">{side === "before" ? beforeLabel : afterLabel}</h4>
      <p className="mb-2 font-medium">
        {beforeTitle === afterTitle ? beforeTitle : side === "before" ? <del className={del}>{beforeTitle}</del> : <ins className={ins}>{afterTitle}</ins>}
      </p>
      {blocks.map((b, i) =>
        b.kind === "same" ? (
          <UnchangedBlocks key={i} lines={b.lines} />
        ) : (side === "before" ? b.parts.some((p) => !p.added) : b.parts.some((p) => !p.removed)) ? (
          <p key={i} className="my-1">
            <DiffParts parts={b.parts} side={side} />
          </p>
        ) : null,
      )}
    </div>
  );
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {column("before")}
      {column("after")}
    </div>
  );
}
