// The site's sync state: when igny8 last read WordPress's settings (categories,
// authors, time zone) and "Sync now", which queues a sync job.
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { Button } from "@/components/ui/Button";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { formatDateTime, formatNumber, formatRelative } from "@/lib/format";
import { toastError } from "@/features/planner/errors";
import { syncSite, type SiteRecord } from "./api";
import { Section } from "./Section";

export function SyncPanel({ site }: { site: SiteRecord }) {
  const ws = useWorkspace();
  const canSync = useCan("admin");
  const sync = useMutation({
    mutationFn: () => syncSite(site.id),
    onSuccess: () => toast.success("Sync queued", { body: "Categories, authors and settings are read from WordPress; the page updates when it is done." }),
    onError: toastError,
  });
  const w = site.wp_settings;
  const unchecked = !site.status || site.status === "new";
  const reason = unchecked ? "Check the connection first." : site.status === "disconnected" ? "The site is disconnected: check the connection." : "";
  return (
    <Section
      id="site-sync"
      title="Sync"
      description="What igny8 knows of the WordPress site."
      actions={
        canSync && (
          <Button size="sm" variant="secondary" loading={sync.isPending} disabled={!!reason} title={reason || undefined} onClick={() => sync.mutate()}>
            Sync now
          </Button>
        )
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-gray-600 dark:text-gray-400">Last sync</dt>
        <dd data-testid="last-sync">{site.last_sync ? `${formatRelative(site.last_sync)} (${formatDateTime(site.last_sync)})` : "Never"}</dd>
        {w?.title && (
          <>
            <dt className="text-gray-600 dark:text-gray-400">Site title</dt>
            <dd className="break-words">{w.title}</dd>
          </>
        )}
        {w?.timezone && (
          <>
            <dt className="text-gray-600 dark:text-gray-400">Time zone</dt>
            <dd>{w.timezone}</dd>
          </>
        )}
        <dt className="text-gray-600 dark:text-gray-400">Categories</dt>
        <dd>{w ? formatNumber(w.categories?.length ?? 0) : "—"}</dd>
        <dt className="text-gray-600 dark:text-gray-400">Authors</dt>
        <dd>{w ? formatNumber(w.authors?.length ?? 0) : "—"}</dd>
        {site.transport === "bridge" && (
          <>
            <dt className="text-gray-600 dark:text-gray-400">Defaults in the plugin</dt>
            <dd>{w?.defaults_pushed ? "Up to date" : "Not yet"}</dd>
          </>
        )}
      </dl>
      {reason && canSync && <p className="mt-3 text-sm text-amber-800 dark:text-amber-300">{reason}</p>}
      <p className="mt-3 text-sm">
        <Link className="underline" to={`/t/${ws.slug}/jobs`}>
          See sync jobs in Jobs
        </Link>
      </p>
    </Section>
  );
}
