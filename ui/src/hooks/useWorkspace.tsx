// The workspace in the URL (/t/:slug/...). The route guard (app/guards.tsx) resolves the
// slug against the user's workspaces and provides it here; every page below reads
// it, and every query key starts with its id so two workspaces never share cache.
import { createContext, useContext } from "react";
import { useQuery } from "@tanstack/react-query";
import { pb } from "@/lib/pb";
import type { Workspace, Role } from "@/lib/types";
import { roleAtLeast } from "@/lib/types";

export const workspacesKey = ["workspaces"] as const;

export async function fetchWorkspaces(signal?: AbortSignal): Promise<Workspace[]> {
  const res = await pb.send<{ items: Workspace[] }>("/api/igny8/workspaces", { signal, requestKey: null });
  return res.items ?? [];
}

export function useWorkspaces(enabled = true) {
  return useQuery({ queryKey: workspacesKey, queryFn: ({ signal }) => fetchWorkspaces(signal), enabled, staleTime: 60_000 });
}

export const WorkspaceContext = createContext<Workspace | null>(null);

/** The current workspace; only inside /t/:slug routes. */
export function useWorkspace(): Workspace {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error("useWorkspace outside a workspace route");
  return ws;
}

/** Whether the current user's role in the workspace is at least min (viewers see no write actions). */
export function useCan(min: Role): boolean {
  const ws = useContext(WorkspaceContext);
  return roleAtLeast(ws?.role, min);
}
