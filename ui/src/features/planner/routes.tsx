// The Planner's routes below /t/:slug/planner (owned by the Planner pages).
import type { RouteObject } from "react-router";
import { PlannerPlaceholder } from "./PlannerPlaceholder";

export const plannerRoutes: RouteObject[] = [
  { index: true, element: <PlannerPlaceholder title="Keywords" /> },
  { path: "keywords", element: <PlannerPlaceholder title="Keywords" /> },
  { path: "clusters", element: <PlannerPlaceholder title="Clusters" /> },
  { path: "ideas", element: <PlannerPlaceholder title="Ideas" /> },
  { path: "import", element: <PlannerPlaceholder title="Import keywords" /> },
];
