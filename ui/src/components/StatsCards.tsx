import type { ReactNode } from "react";
import { Link } from "react-router";
import { Skeleton } from "./ui/Spinner";
import { cn } from "@/lib/cn";

export interface Stat {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  /** The page that shows what the number counts. */
  to?: string;
  tone?: "default" | "warn" | "bad";
}

/** A row of figures, each linking to what it counts. */
export function StatsCards({ stats, loading, className }: { stats: Stat[]; loading?: boolean; className?: string }) {
  return (
    <div className={cn("grid grid-cols-1 gap-4 min-[420px]:grid-cols-2 xl:grid-cols-4", className)}>
      {stats.map((s) => {
        const body = (
          <>
            <p className="text-sm text-gray-600 dark:text-gray-400">{s.label}</p>
            <p
              className={cn(
                "mt-1 text-2xl font-semibold tabular-nums",
                s.tone === "bad" && "text-red-700 dark:text-red-400",
                s.tone === "warn" && "text-amber-800 dark:text-amber-300",
              )}
            >
              {loading ? <Skeleton className="inline-block h-8 w-20" /> : s.value}
            </p>
            {s.hint && <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">{s.hint}</p>}
          </>
        );
        const box = "block rounded-xl border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900";
        return s.to ? (
          <Link key={s.label} to={s.to} className={cn(box, "hover:border-brand-300 dark:hover:border-brand-700")}>
            {body}
          </Link>
        ) : (
          <div key={s.label} className={box}>
            {body}
          </div>
        );
      })}
    </div>
  );
}
