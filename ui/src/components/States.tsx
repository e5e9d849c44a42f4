// Loading, empty and error states shared by every page and list.
import type { ReactNode } from "react";
import { AlertTriangle, Inbox } from "lucide-react";
import { describeError } from "@/lib/errors";
import { Button } from "./ui/Button";
import { Spinner } from "./ui/Spinner";

export function PageLoading({ label = "Loading" }: { label?: string }) {
  return (
    <div className="flex min-h-[40vh] items-center justify-center text-gray-600 dark:text-gray-400" role="status">
      <Spinner className="size-6" />
      <span className="sr-only">{label}</span>
    </div>
  );
}

export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const p = describeError(error);
  return (
    <div role="alert" className="mx-auto my-12 max-w-md rounded-xl border border-red-200 bg-red-50 p-6 text-center dark:border-red-900 dark:bg-red-950/40">
      <AlertTriangle className="mx-auto size-8 text-red-700 dark:text-red-400" aria-hidden="true" />
      <p className="mt-3 font-medium text-red-900 dark:text-red-200">{p.title}</p>
      {p.hint && <p className="mt-1 text-sm text-red-800 dark:text-red-300">{p.hint}</p>}
      {onRetry && (
        <Button variant="secondary" className="mt-4" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** An empty list: says what is missing and offers the next step. */
export function EmptyState({ title, body, action, icon }: { title: string; body?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-12 text-center">
      <div className="text-gray-500 dark:text-gray-400">{icon ?? <Inbox className="size-8" aria-hidden="true" />}</div>
      <p className="font-medium">{title}</p>
      {body && <p className="max-w-md text-sm text-gray-600 dark:text-gray-400">{body}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
