// The site's autopilot (docs/AUTOMATION.md): its chain state and pause/resume.
import { pb } from "@/lib/pb";

export interface StepOutcome {
  at: string;
  state: string;
  enqueued: number;
  tasks?: number;
  reviewed?: number;
  credits: number;
  note?: string;
  error?: string;
}

export interface ChainState {
  site: string;
  timezone: string;
  state: string;
  reason: string;
  settings: { paused: boolean; monthly_budget: number; tasks_per_window: number; auto_approve: boolean };
  budget: { limit: number; spent: number };
  credits: number;
  steps: { type: string; enabled: boolean; next_run: string; last: StepOutcome | null }[];
  counts: Record<string, number>;
  review: { id: string; title: string; failed: string[] }[];
  failed_jobs: { id: string; type: string; error: string }[];
}

export const autopilotKey = (t: string, site: string) => [t, "sites", "autopilot", site] as const;

export function getChainState(site: string, signal?: AbortSignal) {
  return pb.send<ChainState>(`/api/igny8/autopilot/${encodeURIComponent(site)}`, { signal, requestKey: null });
}

export function setPaused(site: string, paused: boolean) {
  return pb.send<ChainState>(`/api/igny8/autopilot/${encodeURIComponent(site)}`, { method: "PATCH", body: { paused }, requestKey: null });
}

/** Words for the chain's state, and its badge tone. */
export const chainStates: Record<string, { text: string; tone: "gray" | "brand" | "green" | "amber" | "red" }> = {
  paused: { text: "Paused", tone: "gray" },
  off: { text: "Off", tone: "gray" },
  failed: { text: "A step failed", tone: "red" },
  waiting_credits: { text: "Waiting for credits", tone: "amber" },
  waiting_budget: { text: "Monthly budget used", tone: "amber" },
  waiting_cap: { text: "AI cost cap reached", tone: "amber" },
  waiting_site: { text: "Waiting for the connection check", tone: "amber" },
  waiting_review: { text: "Waiting for review", tone: "brand" },
  running: { text: "Running", tone: "green" },
};
