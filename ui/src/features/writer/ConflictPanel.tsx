// A conflict with WordPress: the post was edited in WordPress while igny8's text had an
// unpublished change. Both texts are kept; this banner shows them side by side (a word
// diff) and lets an editor keep one. Publishing is refused until then.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Spinner";
import { PageError } from "@/components/States";
import { toast } from "@/components/ui/Toast";
import { formatDateTime } from "@/lib/format";
import { toastError } from "@/features/planner/errors";
import { getConflict, resolveConflict, writerKeys, type Content } from "./api";
import { SideBySide } from "./Diff";

export function ConflictPanel({ tenant, content, canEdit, dirty }: { tenant: string; content: Content; canEdit: boolean; dirty: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: [...writerKeys.conflict(tenant, content.id), content.version, content.wp_conflict?.version ?? 0], queryFn: ({ signal }) => getConflict(content.id, signal), enabled: !!content.wp_conflict });
  const resolve = useMutation({
    mutationFn: (keep: "igny8" | "wordpress") => resolveConflict(content.id, keep),
    onSuccess: (r) => {
      toast.success(r.keep === "wordpress" ? `WordPress's edit kept (now version ${r.version})` : "igny8's draft kept", {
        body: r.keep === "wordpress" ? "igny8's draft stays in the version history." : "The next publish sends it over the WordPress edit, which stays in the version history.",
      });
      void qc.invalidateQueries({ queryKey: writerKeys.content(tenant, content.id) });
    },
    onError: toastError,
  });
  if (!content.wp_conflict) return null;
  const cf = content.wp_conflict;
  return (
    <section aria-labelledby="conflict-title" data-testid="conflict-panel" className="mb-4 space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h2 id="conflict-title" className="flex items-center gap-2 text-base font-semibold">
            <AlertTriangle className="size-4 shrink-0" aria-hidden="true" />
            Edited in WordPress while this draft was in progress
          </h2>
          <p>
            The post (WordPress id {cf.post_id}) changed {cf.wp_modified ? `on ${formatDateTime(cf.wp_modified)}` : "in WordPress"} while igny8 had unpublished changes. Both texts are
            kept: WordPress's is version {cf.version}. Publishing waits until you keep one.
          </p>
        </div>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" disabled={dirty || resolve.isPending} loading={resolve.isPending && resolve.variables === "wordpress"} title={dirty ? "Save or drop your changes first" : undefined} onClick={() => resolve.mutate("wordpress")}>
              Keep the WordPress edit
            </Button>
            <Button size="sm" disabled={dirty || resolve.isPending} loading={resolve.isPending && resolve.variables === "igny8"} title={dirty ? "Save or drop your changes first" : undefined} onClick={() => resolve.mutate("igny8")}>
              Keep igny8's draft
            </Button>
          </div>
        )}
      </div>
      <div className="rounded-lg bg-white p-3 text-gray-900 dark:bg-gray-900 dark:text-gray-100">
        {q.isPending ? (
          <Skeleton className="h-32 w-full" />
        ) : q.isError ? (
          <PageError error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.conflict === null ? (
          <p>The conflict was just resolved.</p>
        ) : (
          <>
            <p className="mb-2 text-xs text-gray-700 dark:text-gray-300">
              <del className="bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200">Struck words</del> are only in WordPress's edit;{" "}
              <ins className="bg-green-100 text-green-900 no-underline dark:bg-green-950 dark:text-green-200">marked words</ins> only in igny8's draft.
            </p>
            <SideBySide
              before={q.data.wordpress.html}
              after={q.data.igny8.html}
              beforeTitle={q.data.wordpress.title}
              afterTitle={q.data.igny8.title}
              beforeLabel={`WordPress's edit (version ${q.data.wordpress.version})`}
              afterLabel={`igny8's draft (version ${q.data.igny8.version})`}
            />
          </>
        )}
      </div>
    </section>
  );
}
