// The Sites pages below /t/:slug/sites (their own chunk, loaded when first visited).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";
import { optimizerRoutes } from "@/features/optimizer/routes";

export const sitesRoutes: RouteObject[] = [
  { index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./SitesPage")).SitesPage }) },
  { path: ":id", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./SitePage")).SitePage }) },
  { path: ":id/optimizer", children: optimizerRoutes },
  { path: ":id/pages", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("@/features/siteindex/SiteIndexPage")).SiteIndexPage }) },
  { path: ":id/links", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("@/features/linker/SiteLinksPage")).SiteLinksPage }) },
];
