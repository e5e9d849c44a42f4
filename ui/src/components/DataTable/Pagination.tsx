import { ChevronLeft, ChevronRight } from "lucide-react";
import { formatNumber } from "@/lib/format";
import { IconButton } from "../ui/Button";

export function Pagination({
  page,
  perPage,
  total,
  shown,
  onPageChange,
  onPerPageChange,
}: {
  page: number;
  perPage: number;
  /** Unknown (skipTotal) means "next" is offered while a page is full. */
  total?: number;
  shown: number;
  onPageChange: (p: number) => void;
  onPerPageChange?: (n: number) => void;
}) {
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / perPage)) : undefined;
  const from = (page - 1) * perPage + 1;
  const to = from + shown - 1;
  const hasNext = pages !== undefined ? page < pages : shown === perPage;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-gray-100 px-4 py-3 text-sm text-gray-700 dark:border-gray-800 dark:text-gray-300">
      <p aria-live="polite">
        {formatNumber(from)}–{formatNumber(to)}
        {total !== undefined && <> of {formatNumber(total)}</>}
      </p>
      <div className="flex items-center gap-2">
        {onPerPageChange && (
          <label className="flex items-center gap-2">
            <span className="hidden sm:inline">Rows</span>
            <select
              aria-label="Rows per page"
              className="h-8 rounded-md border border-gray-300 bg-white px-2 dark:border-gray-700 dark:bg-gray-900"
              value={perPage}
              onChange={(e) => onPerPageChange(Number(e.target.value))}
            >
              {[25, 50, 100, 200].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        <IconButton label="Previous page" size="sm" variant="secondary" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
          <ChevronLeft className="size-4" aria-hidden="true" />
        </IconButton>
        <span className="tabular-nums">
          {page}
          {pages !== undefined && <> / {formatNumber(pages)}</>}
        </span>
        <IconButton label="Next page" size="sm" variant="secondary" disabled={!hasNext} onClick={() => onPageChange(page + 1)}>
          <ChevronRight className="size-4" aria-hidden="true" />
        </IconButton>
      </div>
    </nav>
  );
}
