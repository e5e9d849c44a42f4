// The Planner's routes below /t/:slug/planner. Each page is its own chunk, loaded when
// first visited, so the sign-in and the Dashboard do not download the Planner.
import { Navigate, type RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const plannerRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="keywords" replace /> },
  { path: "keywords", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./KeywordsPage")).KeywordsPage }) },
  { path: "clusters", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./ClustersPage")).ClustersPage }) },
  { path: "clusters/:id", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./ClusterPage")).ClusterPage }) },
  { path: "ideas", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./IdeasPage")).IdeasPage }) },
  { path: "import", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./ImportWizard")).ImportWizard }) },
];
