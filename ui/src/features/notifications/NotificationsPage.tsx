// Notifications: what needs you, newest first, in every workspace you belong to, each
// linking to where it is fixed; unread first in weight, mark read one by one or all,
// delete after a confirmation. Live through the collection's realtime (your own only).
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { BellOff, Check, Trash2 } from "lucide-react";
import { PageHeader } from "@/components/PageHeader";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { EmptyState, PageError } from "@/components/States";
import { Badge, type Tone } from "@/components/ui/Badge";
import { Button, IconButton } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/Toast";
import { useUser } from "@/lib/session";
import { describeError } from "@/lib/errors";
import { formatRelative } from "@/lib/format";
import { useMyEvents, useResync } from "@/realtime/useRealtime";
import { deleteNotification, kindText, listNotifications, markRead, notificationKeys, NOTIFICATIONS_PAGE, type Notification, type NotificationKind } from "./api";

const tone: Record<NotificationKind, Tone> = {
  publish_failed: "red",
  credits_low: "amber",
  credits_out: "red",
  payment_failed: "red",
  suspended: "red",
  automation_stalled: "amber",
  invitation: "brand",
  export_ready: "green",
};

export function NotificationsPage() {
  const user = useUser();
  const uid = user?.id ?? "";
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("show") === "unread";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const q = useQuery({ queryKey: notificationKeys.list(uid, unreadOnly, page), queryFn: ({ signal }) => listNotifications(uid, unreadOnly, page, signal), enabled: !!uid });
  const refresh = () => void qc.invalidateQueries({ queryKey: notificationKeys.all(uid) });
  useMyEvents<Notification>("notifications", uid || undefined, refresh);
  useResync(refresh);
  const [deleting, setDeleting] = useState<Notification | null>(null);
  const set = (patch: Record<string, string>) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      for (const [k, v] of Object.entries(patch)) {
        if (v) n.set(k, v);
        else n.delete(k);
      }
      return n;
    });
  async function read(body: { ids: string[] } | { all: true }) {
    try {
      await markRead(body);
      refresh();
    } catch (err) {
      toast.error(describeError(err).title);
    }
  }
  const hasUnread = q.data?.items.some((n) => !n.read);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="What needs you in your workspaces, each with the page where it is fixed."
        actions={
          <Button variant="secondary" onClick={() => void read({ all: true })} disabled={!hasUnread}>
            <Check className="size-4" aria-hidden="true" /> Mark all read
          </Button>
        }
      />
      <div className="mb-3 flex gap-2" role="group" aria-label="Show">
        <Button size="sm" variant={unreadOnly ? "secondary" : "primary"} aria-pressed={!unreadOnly} onClick={() => set({ show: "", page: "" })}>
          All
        </Button>
        <Button size="sm" variant={unreadOnly ? "primary" : "secondary"} aria-pressed={unreadOnly} onClick={() => set({ show: "unread", page: "" })}>
          Unread
        </Button>
      </div>
      <div className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        {q.isPending ? (
          <div role="status" aria-label="Loading notifications" className="grid gap-3 p-4">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-2/3" />
          </div>
        ) : q.isError ? (
          <div className="p-4">
            <PageError error={q.error} onRetry={() => void q.refetch()} />
          </div>
        ) : q.data.items.length === 0 ? (
          <EmptyState
            icon={<BellOff className="size-8" aria-hidden="true" />}
            title={unreadOnly ? "Nothing unread" : "No notification yet"}
            body="A failed publish, credits running low, a failed payment, a stalled automation or an invitation shows up here (and by mail when your operator set it up)."
          />
        ) : (
          <ul className="divide-y divide-gray-100 dark:divide-gray-800" aria-label="Notifications">
            {q.data.items.map((n) => (
              <li key={n.id} data-testid="notification" data-read={n.read} className={"flex flex-wrap items-start gap-3 p-4 " + (n.read ? "" : "bg-brand-50/60 dark:bg-brand-950/30")}>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={tone[n.kind]}>{kindText[n.kind]}</Badge>
                    <span className="text-xs text-gray-600 dark:text-gray-400">{formatRelative(n.created)}</span>
                    {!n.read && <span className="sr-only">unread</span>}
                  </div>
                  <p className={"mt-1 text-sm break-words " + (n.read ? "text-gray-700 dark:text-gray-300" : "font-medium")}>{n.text}</p>
                  {n.link && (
                    <Link
                      to={n.link}
                      onClick={() => !n.read && void read({ ids: [n.id] })}
                      className="mt-1 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-300"
                    >
                      {n.kind === "invitation" ? "See the invitation" : "Fix it"}
                    </Link>
                  )}
                </div>
                <div className="flex shrink-0 gap-1">
                  {!n.read && (
                    <IconButton label="Mark read" onClick={() => void read({ ids: [n.id] })}>
                      <Check className="size-4" aria-hidden="true" />
                    </IconButton>
                  )}
                  <IconButton label="Delete notification" onClick={() => setDeleting(n)}>
                    <Trash2 className="size-4" aria-hidden="true" />
                  </IconButton>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {q.data && q.data.totalPages > 1 && (
        <div className="mt-3 flex items-center justify-between text-sm">
          <span className="text-gray-600 dark:text-gray-400">
            Page {page} of {q.data.totalPages}
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => set({ page: String(page - 1) })}>
              Previous
            </Button>
            <Button variant="secondary" size="sm" disabled={page >= q.data.totalPages || q.data.items.length < NOTIFICATIONS_PAGE} onClick={() => set({ page: String(page + 1) })}>
              Next
            </Button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title="Delete this notification?"
        body={deleting?.text}
        confirmLabel="Delete notification"
        destructive
        onConfirm={async () => {
          if (!deleting) return;
          await deleteNotification(deleting.id);
          setDeleting(null);
          refresh();
        }}
      />
    </>
  );
}
