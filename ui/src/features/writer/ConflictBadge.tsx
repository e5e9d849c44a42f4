// The badge of a content edited in WordPress beside an igny8 draft (ConflictPanel).
import { AlertTriangle } from "lucide-react";

/** The badge of a content in conflict (the Tasks list, the article's header). */
export function ConflictBadge() {
  return (
    <span data-testid="conflict-badge" className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-300">
      <AlertTriangle className="size-3" aria-hidden="true" />
      edited in WordPress
    </span>
  );
}
