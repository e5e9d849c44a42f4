// A table over one server page: sorting, paging and selection are the server's
// (PocketBase getList with sort/page/perPage); the table never holds a whole
// collection. Skeleton on first load, an empty state with the next step, an error
// with retry; <th scope> and aria-sort; "select all N matching" for bulk actions.
import { useEffect, useRef, type ReactNode } from "react";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "@/lib/cn";
import { formatNumber } from "@/lib/format";
import { Skeleton } from "../ui/Spinner";
import { PageError } from "../States";
import { Pagination } from "./Pagination";

export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The PocketBase field this column sorts by; unsortable without. */
  sortField?: string;
  align?: "left" | "right";
  className?: string;
  /** Hidden below the sm breakpoint (phones). */
  hideOnMobile?: boolean;
}

export interface Selection {
  /** Ids selected on this page. */
  ids: Set<string>;
  onChange: (ids: Set<string>) => void;
  /** Every record matching the filter is selected, not just the listed ones. */
  allMatching: boolean;
  onAllMatchingChange: (all: boolean) => void;
  /** The bulk actions take the page's rows only (no "select all N matching"). */
  pageOnly?: boolean;
}

export interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Records matching the filter (all pages); undefined while unknown. */
  total?: number;
  page: number;
  perPage: number;
  onPageChange: (page: number) => void;
  onPerPageChange?: (perPage: number) => void;
  /** PocketBase sort: "field" or "-field". */
  sort?: string;
  onSortChange?: (sort: string) => void;
  empty?: ReactNode;
  selection?: Selection;
  /** Shown above the table while something is selected (one server call each). */
  bulkActions?: (count: number, allMatching: boolean) => ReactNode;
  onRowClick?: (row: T) => void;
}

function SortIcon({ dir }: { dir: "ascending" | "descending" | "none" }) {
  if (dir === "ascending") return <ArrowUp className="size-3.5" aria-hidden="true" />;
  if (dir === "descending") return <ArrowDown className="size-3.5" aria-hidden="true" />;
  return <ArrowUpDown className="size-3.5 opacity-50" aria-hidden="true" />;
}

export function DataTable<T>(p: DataTableProps<T>) {
  const { columns, rows, selection } = p;
  const headerBox = useRef<HTMLInputElement>(null);
  const pageIds = rows?.map(p.rowKey) ?? [];
  const selectedHere = selection ? pageIds.filter((id) => selection.ids.has(id)).length : 0;
  const allHere = pageIds.length > 0 && selectedHere === pageIds.length;

  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = selectedHere > 0 && !allHere;
  }, [selectedHere, allHere]);

  const count = selection ? (selection.allMatching ? (p.total ?? selection.ids.size) : selection.ids.size) : 0;
  const firstLoad = p.loading && !rows;

  if (p.error && !rows) return <PageError error={p.error} onRetry={p.onRetry} />;

  return (
    <div className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      {selection && count > 0 && (
        <div role="region" aria-label="Selection" className="flex flex-wrap items-center gap-3 border-b border-gray-200 bg-brand-50 px-4 py-2 text-sm dark:border-gray-800 dark:bg-brand-950/50">
          <span className="font-medium" data-testid="selection-count">
            {formatNumber(count)} selected
          </span>
          {allHere && !selection.allMatching && !selection.pageOnly && p.total !== undefined && p.total > pageIds.length && (
            <button type="button" className="font-medium text-brand-700 underline dark:text-brand-300" onClick={() => selection.onAllMatchingChange(true)}>
              Select all {formatNumber(p.total)} matching
            </button>
          )}
          <button
            type="button"
            className="text-gray-700 underline dark:text-gray-300"
            onClick={() => {
              selection.onChange(new Set());
              selection.onAllMatchingChange(false);
            }}
          >
            Clear selection
          </button>
          <div className="ml-auto flex flex-wrap gap-2">{p.bulkActions?.(count, selection.allMatching)}</div>
        </div>
      )}
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm" aria-busy={p.loading || undefined}>
          <caption className="sr-only">{p.caption}</caption>
          <thead className="border-b border-gray-200 text-xs text-gray-700 uppercase dark:border-gray-800 dark:text-gray-300">
            <tr>
              {selection && (
                <th scope="col" className="w-10 px-4 py-3">
                  <input
                    ref={headerBox}
                    type="checkbox"
                    aria-label="Select every row on this page"
                    className="size-4 accent-brand-600"
                    checked={allHere}
                    onChange={(e) => {
                      const next = new Set(selection.ids);
                      for (const id of pageIds) {
                        if (e.target.checked) next.add(id);
                        else next.delete(id);
                      }
                      selection.onChange(next);
                      if (!e.target.checked) selection.onAllMatchingChange(false);
                    }}
                  />
                </th>
              )}
              {columns.map((c) => {
                const dir = !c.sortField || !p.sort ? "none" : p.sort === c.sortField ? "ascending" : p.sort === `-${c.sortField}` ? "descending" : "none";
                return (
                  <th
                    key={c.id}
                    scope="col"
                    aria-sort={c.sortField ? dir : undefined}
                    className={cn("px-4 py-3 font-semibold whitespace-nowrap", c.align === "right" && "text-right", c.hideOnMobile && "hidden sm:table-cell", c.className)}
                  >
                    {c.sortField && p.onSortChange ? (
                      <button
                        type="button"
                        className={cn("inline-flex items-center gap-1 uppercase hover:text-gray-900 dark:hover:text-white", c.align === "right" && "flex-row-reverse")}
                        onClick={() => p.onSortChange!(dir === "descending" ? c.sortField! : `-${c.sortField}`)}
                      >
                        {c.header}
                        <SortIcon dir={dir} />
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
            {firstLoad &&
              Array.from({ length: 6 }, (_, i) => (
                <tr key={i}>
                  {selection && <td className="px-4 py-3" />}
                  {columns.map((c) => (
                    <td key={c.id} className={cn("px-4 py-3", c.hideOnMobile && "hidden sm:table-cell")}>
                      <Skeleton className="h-4 w-full max-w-40" />
                    </td>
                  ))}
                </tr>
              ))}
            {rows?.map((row) => {
              const id = p.rowKey(row);
              const checked = selection ? selection.allMatching || selection.ids.has(id) : false;
              return (
                <tr
                  key={id}
                  className={cn(checked && "bg-brand-50/60 dark:bg-brand-950/30", p.onRowClick && "cursor-pointer hover:bg-gray-50 dark:hover:bg-gray-800/50")}
                  onClick={p.onRowClick ? () => p.onRowClick!(row) : undefined}
                >
                  {selection && (
                    <td className="px-4 py-3" onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        aria-label="Select row"
                        className="size-4 accent-brand-600"
                        checked={checked}
                        onChange={(e) => {
                          const next = new Set(selection.ids);
                          if (e.target.checked) next.add(id);
                          else next.delete(id);
                          selection.onChange(next);
                          if (!e.target.checked) selection.onAllMatchingChange(false);
                        }}
                      />
                    </td>
                  )}
                  {columns.map((c) => (
                    <td key={c.id} className={cn("px-4 py-3", c.align === "right" && "text-right tabular-nums", c.hideOnMobile && "hidden sm:table-cell", c.className)}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows && rows.length === 0 && !p.loading && <div className="border-t border-gray-100 dark:border-gray-800">{p.empty}</div>}
      {p.error && rows ? (
        <p role="alert" className="border-t border-gray-100 px-4 py-2 text-sm text-red-700 dark:border-gray-800 dark:text-red-400">
          The list could not be refreshed.{" "}
          <button type="button" className="underline" onClick={p.onRetry}>
            Try again
          </button>
        </p>
      ) : null}
      {(rows?.length ?? 0) > 0 && (
        <Pagination page={p.page} perPage={p.perPage} total={p.total} shown={rows?.length ?? 0} onPageChange={p.onPageChange} onPerPageChange={p.onPerPageChange} />
      )}
    </div>
  );
}
