// Previous/next paging for lists fetched with skipTotal: "next" is offered while a page
// comes back full, and the separate count (when known) names the last page.
import { Button } from "@/components/ui/Button";
import { Select } from "@/components/ui/Input";
import { formatNumber } from "@/lib/format";

export function Pager({ page, perPage, shown, total, onPage, onPerPage }: { page: number; perPage: number; shown: number; total?: number; onPage: (p: number) => void; onPerPage?: (n: number) => void }) {
  const last = total === undefined ? undefined : Math.max(1, Math.ceil(total / perPage));
  const hasNext = last === undefined ? shown === perPage : page < last;
  const from = shown === 0 ? 0 : (page - 1) * perPage + 1;
  if (shown === 0 && page === 1) return null;
  return (
    <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-gray-700 tabular-nums dark:text-gray-300">
        {shown === 0 ? "Nothing to show" : `${formatNumber(from)}–${formatNumber(from + shown - 1)}${total !== undefined ? ` of ${formatNumber(total)}` : ""}`}
      </p>
      <div className="flex items-center gap-2">
        {onPerPage && (
          <label className="flex items-center gap-2">
            <span className="whitespace-nowrap text-gray-700 dark:text-gray-300">Per page</span>
            <Select className="w-20" value={perPage} onChange={(e) => onPerPage(Number(e.target.value))}>
              {[25, 50, 100, 200].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          </label>
        )}
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <span className="tabular-nums" aria-current="page">
          Page {formatNumber(page)}
          {last !== undefined && ` of ${formatNumber(last)}`}
        </span>
        <Button variant="secondary" size="sm" disabled={!hasNext} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
