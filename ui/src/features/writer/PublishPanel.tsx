// Publishing: now, or at a date and time in the site's time zone (the server reads
// the wall-clock time in that zone; WordPress keeps the post as "future" until then).
// The state follows the content live; a published post links to itself. A publish the
// cannibalisation check refuses (409 igny8_overlap) shows the overlaps here, with
// their decisions, and publishing waits while one is undecided or skipped.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Send, CalendarClock, SearchCheck } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Badge, type Tone } from "@/components/ui/Badge";
import { Field, Input } from "@/components/ui/Input";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { toast } from "@/components/ui/Toast";
import { useCan, useWorkspace } from "@/hooks/useWorkspace";
import { toastError } from "@/features/planner/errors";
import { checkContent, overlapKeys } from "@/features/overlaps/api";
import { OverlapPanel } from "@/features/overlaps/OverlapPanel";
import { blocks, refusedOverlaps, type RefusedOverlap } from "@/features/overlaps/overlaps";
import { useOverlaps } from "@/features/overlaps/useOverlaps";
import { getSite, publishContent, writerKeys, type Content, type PublishBody } from "./api";
import { formatInZone, localInZone, siteTimezone } from "./text";

const tone: Record<string, Tone> = { not_published: "gray", scheduled: "amber", publishing: "brand", published: "green", failed: "red", "": "gray" };
const name: Record<string, string> = { not_published: "not published", scheduled: "scheduled", publishing: "publishing", published: "published", failed: "failed", "": "not published" };

export function PublishState({ content }: { content: Content }) {
  const s = content.publish_status || "";
  return (
    <Badge tone={tone[s] ?? "gray"}>
      <span data-testid="publish-state">{name[s] ?? s}</span>
    </Badge>
  );
}

export function PublishPanel({ tenant, content, publishing }: { tenant: string; content: Content; publishing: boolean }) {
  const qc = useQueryClient();
  const isAdmin = useCan("admin");
  const canEdit = useCan("editor");
  const site = useQuery({ queryKey: writerKeys.site(tenant, content.site), queryFn: ({ signal }) => getSite(content.site, signal), staleTime: 60_000 });
  const tz = siteTimezone(site.data);
  const [when, setWhen] = useState(() => localInZone(new Date(Date.now() + 60 * 60_000), tz));
  const [confirm, setConfirm] = useState<PublishBody | null>(null);
  const ws = useWorkspace();
  const subject = { kind: "content" as const, id: content.id };
  const overlaps = useOverlaps(tenant, subject);
  const [refused, setRefused] = useState<RefusedOverlap[] | null>(null);
  const known = overlaps.data?.length ? overlaps.data : (refused ?? []);
  const undecided = known.some((o) => o.status === "open");
  const held = known.some(blocks);
  const check = useMutation({
    mutationFn: () => checkContent(content.id),
    onSuccess: (r) => {
      qc.setQueryData(overlapKeys.of(tenant, subject), r.items);
      if (r.items.length === 0) toast.success("No page of the site covers this already", { body: "The check compared the article with the site's index." });
      else toast.info(`${r.items.length} page${r.items.length === 1 ? "" : "s"} of the site cover${r.items.length === 1 ? "s" : ""} this already`, { body: "Decide each before publishing." });
    },
    onError: toastError,
  });
  const allowed = content.status === "approved" || content.status === "published" ? canEdit : isAdmin;
  const run = useMutation({
    mutationFn: (b: PublishBody) => publishContent(content.id, b),
    onSuccess: (r, b) => {
      toast.success("now" in b ? "Publishing to WordPress" : `Scheduled for ${formatInZone(r.scheduled_at ?? "", r.timezone ?? tz)}`, { body: "The state here follows the job." });
      void qc.invalidateQueries({ queryKey: writerKeys.content(tenant, content.id) });
      void qc.invalidateQueries({ queryKey: writerKeys.contentJobs(tenant, content.id) });
    },
  });
  const siteName = site.data?.name ?? "the site";
  return (
    <div className="space-y-4">
      <OverlapPanel tenant={tenant} slug={ws.slug} subject={subject} canEdit={canEdit} refused={refused} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>State:</span>
        {publishing ? <Badge tone="brand">publishing…</Badge> : <PublishState content={content} />}
        {content.publish_status === "scheduled" && content.scheduled_at && <span>for {formatInZone(content.scheduled_at, tz)}</span>}
        {content.wp_url && (
          <a className="inline-flex items-center gap-1 font-medium text-brand-700 underline dark:text-brand-300" href={content.wp_url} target="_blank" rel="noreferrer noopener">
            View the post <ExternalLink className="size-3.5" aria-hidden="true" />
          </a>
        )}
      </div>
      {content.publish_status === "failed" && content.publish_error && <p className="text-sm break-words text-red-700 dark:text-red-400">{content.publish_error.slice(0, 300)}</p>}
      {content.wp_conflict && <p className="text-sm font-medium text-amber-900 dark:text-amber-300">Publishing waits until you keep one of the two texts (above): the post was edited in WordPress.</p>}
      {held && (
        <p className="text-sm font-medium text-amber-900 dark:text-amber-300">
          {undecided ? "Publishing waits until each overlap with the live site (above) is decided." : "You skipped publishing this article over an overlap (above): change the decision to publish it."}
        </p>
      )}
      {canEdit && (
        <p className="flex flex-wrap items-center gap-2 text-sm text-gray-700 dark:text-gray-300">
          <Button size="sm" variant="secondary" loading={check.isPending} onClick={() => check.mutate()}>
            <SearchCheck className="size-4" aria-hidden="true" />
            Check for overlaps with the live site
          </Button>
          <span>Free; publishing runs the same check.</span>
        </p>
      )}
      {!canEdit ? null : !allowed ? (
        <p className="text-sm text-gray-700 dark:text-gray-300">Only admins publish content that is not approved: submit it for review first.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-2 rounded-xl border border-gray-200 p-4 dark:border-gray-800">
            <h3 className="font-medium">Publish now</h3>
            <p className="text-sm text-gray-700 dark:text-gray-300">The post goes live on {siteName} with its images, categories and SEO meta.</p>
            <Button disabled={publishing || !!content.wp_conflict || held} onClick={() => setConfirm({ now: true })}>
              <Send className="size-4" aria-hidden="true" />
              Publish now
            </Button>
          </div>
          <div className="space-y-2 rounded-xl border border-gray-200 p-4 dark:border-gray-800">
            <h3 className="font-medium">Schedule</h3>
            <Field label={`Date and time (${tz})`} hint="In the site's time zone.">
              {(p) => <Input {...p} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />}
            </Field>
            <Button variant="secondary" disabled={publishing || !when || !!content.wp_conflict || held} onClick={() => setConfirm({ scheduled_local: when })}>
              <CalendarClock className="size-4" aria-hidden="true" />
              Schedule
            </Button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={!!confirm}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={confirm && "now" in confirm ? `Publish “${content.title}” now?` : `Schedule “${content.title}”?`}
        body={
          confirm && "now" in confirm
            ? `It is published on ${siteName} at once, visible to everyone.`
            : `WordPress publishes it on ${siteName} at ${confirm && "scheduled_local" in confirm ? confirm.scheduled_local.replace("T", " ") : ""} (${tz}).`
        }
        confirmLabel={confirm && "now" in confirm ? `Publish to ${siteName}` : `Schedule on ${siteName}`}
        onConfirm={async () => {
          try {
            await run.mutateAsync(confirm!);
          } catch (err) {
            // The cannibalisation check refused it: the overlaps, not an error line.
            const found = refusedOverlaps(err);
            if (!found) throw err;
            setRefused(found);
            void qc.invalidateQueries({ queryKey: overlapKeys.of(tenant, subject) });
          }
        }}
      />
    </div>
  );
}
