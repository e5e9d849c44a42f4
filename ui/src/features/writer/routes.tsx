// The Writer's routes below /t/:slug/writer. Each page is its own chunk; the article
// page loads the rich-text editor in a chunk of its own on top.
import { Navigate, type RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const writerRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="tasks" replace /> },
  { path: "tasks", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./TasksPage")).TasksPage }) },
  { path: "contents/:id", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./ContentPage")).ContentPage }) },
];
