import { cn } from "@/lib/cn";

/** A determinate progress bar (0-100), announced with its label. */
export function Progress({ value, label, className }: { value: number; label: string; className?: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={v} className={cn("h-2 w-full overflow-hidden rounded-full bg-gray-200 dark:bg-gray-800", className)}>
      <div className="h-full rounded-full bg-brand-500 transition-[width] duration-300" style={{ width: `${v}%` }} />
    </div>
  );
}
