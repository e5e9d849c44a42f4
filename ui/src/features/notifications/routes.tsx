// The Notifications page below /t/:slug/notifications (its own chunk).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const notificationsRoutes: RouteObject[] = [
  { index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./NotificationsPage")).NotificationsPage }) },
];
