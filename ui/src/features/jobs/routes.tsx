// The Jobs page's routes below /t/:slug/jobs (owned by the Jobs page).
import type { RouteObject } from "react-router";
import { PageHeader } from "@/components/PageHeader";

export const jobsRoutes: RouteObject[] = [{ index: true, element: <PageHeader title="Jobs" /> }];
