// Settings below /t/:slug/settings (its own chunk).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const settingsRoutes: RouteObject[] = [
  { index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./SettingsPage")).SettingsPage }) },
];
