// The Dashboard's one read: GET /api/igny8/workspaces/{tenant}/dashboard (docs/API.md),
// aggregated by the database.
import { pb } from "@/lib/pb";

export interface DashboardSite {
  id: string;
  name: string;
  url: string;
  status: string;
  keywords: number;
  clusters: number;
  ideas: number;
  tasks: number;
  articles: number;
  published: number;
}

export interface DashboardDay {
  date: string;
  creditsSpent: number;
  published: number;
}

export interface Dashboard {
  tenant: string;
  credits: { plan: number; topup: number; total: number; monthly: number; resetAt: string; planName: string; planCode: string };
  jobs: { queued: number; running: number; failed: number; failedLast24h: number };
  sites: DashboardSite[];
  days: DashboardDay[];
}

export const dashboardKey = (tenant: string) => [tenant, "dashboard"] as const;

export function fetchDashboard(tenant: string, signal?: AbortSignal): Promise<Dashboard> {
  return pb.send<Dashboard>(`/api/igny8/workspaces/${encodeURIComponent(tenant)}/dashboard`, { signal, requestKey: null });
}
