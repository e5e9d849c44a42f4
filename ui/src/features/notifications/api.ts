// Notifications (docs/API.md "Notifications"): the signed-in user's own, across
// workspaces; marking read goes through the server's route.
import { pb } from "@/lib/pb";
import type { BaseRecord } from "@/lib/types";

export type NotificationKind = "publish_failed" | "credits_low" | "credits_out" | "payment_failed" | "suspended" | "automation_stalled" | "invitation" | "export_ready";

export interface Notification extends BaseRecord {
  user: string;
  tenant: string;
  kind: NotificationKind;
  text: string;
  link: string;
  read: boolean;
}

export const kindText: Record<NotificationKind, string> = {
  publish_failed: "Publish failed",
  credits_low: "Credits low",
  credits_out: "Out of credits",
  payment_failed: "Payment failed",
  suspended: "Suspended",
  automation_stalled: "Automation stalled",
  invitation: "Invitation",
  export_ready: "Export ready",
};

export const notificationKeys = {
  all: (u: string) => ["me", u, "notifications"] as const,
  unread: (u: string) => ["me", u, "notifications", "unread"] as const,
  list: (u: string, unreadOnly: boolean, page: number) => ["me", u, "notifications", "list", unreadOnly, page] as const,
};

export const NOTIFICATIONS_PAGE = 30;

export function listNotifications(user: string, unreadOnly: boolean, page: number, signal?: AbortSignal) {
  const filter = unreadOnly ? pb.filter("user = {:u} && read = false", { u: user }) : pb.filter("user = {:u}", { u: user });
  return pb.collection("notifications").getList<Notification>(page, NOTIFICATIONS_PAGE, { filter, sort: "-created,-id", signal, requestKey: null });
}

export function countUnread(user: string, signal?: AbortSignal) {
  return pb
    .collection("notifications")
    .getList<Notification>(1, 1, { filter: pb.filter("user = {:u} && read = false", { u: user }), fields: "id", signal, requestKey: null })
    .then((r) => r.totalItems);
}

export function markRead(body: { ids: string[] } | { all: true }) {
  return pb.send<{ updated: number }>("/api/igny8/notifications/read", { method: "POST", body, requestKey: null });
}

export function deleteNotification(id: string) {
  return pb.collection("notifications").delete(id, { requestKey: null });
}
