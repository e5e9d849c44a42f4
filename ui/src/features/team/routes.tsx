// The Team page below /t/:slug/team (its own chunk, loaded when first visited).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const teamRoutes: RouteObject[] = [{ index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./TeamPage")).TeamPage }) }];
