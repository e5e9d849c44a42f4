// The bell in the header: the signed-in user's unread notifications, live; it opens
// the Notifications page.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { Link } from "react-router";
import { useUser } from "@/lib/session";
import { useMyEvents, useResync } from "@/realtime/useRealtime";
import { countUnread, notificationKeys } from "./api";

export function NotificationsBell({ slug }: { slug: string }) {
  const user = useUser();
  const qc = useQueryClient();
  const uid = user?.id ?? "";
  const q = useQuery({ queryKey: notificationKeys.unread(uid), queryFn: ({ signal }) => countUnread(uid, signal), enabled: !!uid });
  useMyEvents("notifications", uid || undefined, () => void qc.invalidateQueries({ queryKey: notificationKeys.all(uid) }));
  useResync(() => void qc.invalidateQueries({ queryKey: notificationKeys.all(uid) }));
  const n = q.data ?? 0;
  const label = n > 0 ? `Notifications, ${n} unread` : "Notifications";
  return (
    <Link
      to={`/t/${slug}/notifications`}
      aria-label={label}
      title={label}
      data-testid="notifications-bell"
      className="relative inline-flex size-10 items-center justify-center rounded-lg text-gray-700 hover:bg-gray-100 dark:text-gray-200 dark:hover:bg-gray-800"
    >
      <Bell className="size-5" aria-hidden="true" />
      {n > 0 && (
        <span data-testid="notifications-unread" className="absolute top-1 right-1 min-w-4 rounded-full bg-red-700 px-1 text-center text-[10px] leading-4 font-semibold text-white">
          {n > 99 ? "99+" : n}
        </span>
      )}
    </Link>
  );
}
