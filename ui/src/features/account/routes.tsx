// Account below /t/:slug/account (its own chunk; it is the person's, not the workspace's).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const accountRoutes: RouteObject[] = [
  { index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./AccountPage")).AccountPage }) },
];
