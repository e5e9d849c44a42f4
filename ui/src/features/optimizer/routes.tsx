// The Optimizer's pages below /t/:slug/sites/:id/optimizer (their own chunk).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const optimizerRoutes: RouteObject[] = [
  { index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./OptimizerPage")).OptimizerPage }) },
  { path: ":refresh", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./ReviewPage")).ReviewPage }) },
];
