// The Jobs page's routes below /t/:slug/jobs (its own chunk, loaded when first visited).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const jobsRoutes: RouteObject[] = [{ index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./JobsPage")).JobsPage }) }];
