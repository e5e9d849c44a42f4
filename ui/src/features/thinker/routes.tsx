// The Thinker's routes below /t/:slug/thinker, each page its own chunk.
import { Navigate, type RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const thinkerRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="prompts" replace /> },
  { path: "prompts", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./PromptsPage")).PromptsPage }) },
  { path: "prompts/:type", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./PromptPage")).PromptPage }) },
  { path: "personas", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./PersonasPage")).PersonasPage }) },
  { path: "strategies", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./StrategiesPage")).StrategiesPage }) },
  { path: "playground", hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./PlaygroundPage")).PlaygroundPage }) },
];
