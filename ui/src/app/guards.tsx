// Route guards: signed-in only, signed-out only, and the workspace of the URL.
import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation, useParams } from "react-router";
import { useUser } from "@/lib/session";
import { useWorkspaces, WorkspaceContext } from "@/hooks/useWorkspace";
import { PageError, PageLoading } from "@/components/States";
import { NotFoundPage } from "./errors";

/** Signed-in users only; others go to sign-in and come back afterwards. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const user = useUser();
  const loc = useLocation();
  if (!user) {
    // The invitation link (<app URL>/?invite=…&token=…) works signed out too.
    if (loc.pathname === "/" && new URLSearchParams(loc.search).has("invite")) return <Navigate to={`/invite${loc.search}`} replace />;
    const next = loc.pathname + loc.search;
    return <Navigate to={`/sign-in${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
  }
  return children ?? <Outlet />;
}

/** Signed-out pages (sign in, sign up): a signed-in user goes on to the app. */
export function RequireGuest({ children }: { children?: ReactNode }) {
  const user = useUser();
  const loc = useLocation();
  if (user) {
    const next = new URLSearchParams(loc.search).get("next");
    return <Navigate to={safeNext(next)} replace />;
  }
  return children ?? <Outlet />;
}

/** Only app-internal paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

/** Resolves /t/:slug to one of the user's workspaces and provides it; a foreign slug is a 404. */
export function WorkspaceGuard({ children }: { children?: ReactNode }) {
  const { slug } = useParams();
  const q = useWorkspaces();
  if (q.isPending) return <PageLoading label="Loading workspace" />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const ws = q.data.find((w) => w.slug === slug);
  if (!ws) return <NotFoundPage what="workspace" />;
  return <WorkspaceContext.Provider value={ws}>{children ?? <Outlet />}</WorkspaceContext.Provider>;
}

/** / : the first workspace's dashboard, or creating one when there is none. */
export function HomeRedirect() {
  const q = useWorkspaces();
  const loc = useLocation();
  const params = new URLSearchParams(loc.search);
  if (params.get("invite")) return <Navigate to={`/invite${loc.search}`} replace />;
  if (q.isPending) return <PageLoading label="Loading workspaces" />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const last = localStorage.getItem("igny8.lastWorkspace");
  const ws = q.data.find((w) => w.slug === last) ?? q.data[0];
  if (!ws) return <Navigate to="/invitations" replace />;
  return <Navigate to={`/t/${ws.slug}/dashboard`} replace />;
}
