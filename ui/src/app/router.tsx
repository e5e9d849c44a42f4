// Every route of the app. Workspace pages live under /t/:slug/ so the workspace is in
// the URL (two tabs, two workspaces; links shareable). Feature folders export their
// own route lists (features/planner/routes.tsx, features/jobs/routes.tsx).
import { createBrowserRouter, Navigate, Outlet, type RouteObject } from "react-router";
import { HomeRedirect, RequireAuth, RequireGuest, WorkspaceGuard } from "./guards";
import { NotFoundPage, RouteError } from "./errors";
import { AppShell } from "./layout/AppShell";
import { SignInPage } from "@/features/auth/SignInPage";
import { SignUpPage } from "@/features/auth/SignUpPage";
import { ForgotPasswordPage, ResetPasswordPage } from "@/features/auth/PasswordPages";
import { VerifyPage } from "@/features/auth/VerifyPage";
import { AcceptInvitePage, InvitationsPage } from "@/features/auth/InvitePages";
import { DashboardPage } from "@/features/dashboard/DashboardPage";
import { plannerRoutes } from "@/features/planner/routes";
import { jobsRoutes } from "@/features/jobs/routes";
import { writerRoutes } from "@/features/writer/routes";
import { sitesRoutes } from "@/features/sites/routes";
import { teamRoutes } from "@/features/team/routes";
import { billingRoutes } from "@/features/billing/routes";
import { notificationsRoutes } from "@/features/notifications/routes";
import { thinkerRoutes } from "@/features/thinker/routes";
import { settingsRoutes } from "@/features/settings/routes";
import { accountRoutes } from "@/features/account/routes";
import { ConfirmEmailChangePage } from "@/features/account/ConfirmEmailChangePage";
import { Toaster } from "@/components/ui/Toast";

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    element: (
      <>
        <Outlet />
        <Toaster />
      </>
    ),
    children: [
      {
        element: <RequireGuest />,
        children: [
          { path: "sign-in", element: <SignInPage /> },
          { path: "sign-up", element: <SignUpPage /> },
        ],
      },
      { path: "forgot-password", element: <ForgotPasswordPage /> },
      { path: "reset-password/:token", element: <ResetPasswordPage /> },
      { path: "verify/:token", element: <VerifyPage /> },
      { path: "confirm-email-change/:token", element: <ConfirmEmailChangePage /> },
      { path: "invite", element: <AcceptInvitePage /> },
      {
        element: <RequireAuth />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: "invitations", element: <InvitationsPage /> },
          {
            path: "t/:slug",
            element: (
              <WorkspaceGuard>
                <AppShell />
              </WorkspaceGuard>
            ),
            children: [
              { index: true, element: <Navigate to="dashboard" replace /> },
              { path: "dashboard", element: <DashboardPage /> },
              { path: "planner", children: plannerRoutes },
              { path: "jobs", children: jobsRoutes },
              { path: "writer", children: writerRoutes },
              { path: "thinker", children: thinkerRoutes },
              { path: "sites", children: sitesRoutes },
              { path: "team", children: teamRoutes },
              { path: "billing", children: billingRoutes },
              { path: "notifications", children: notificationsRoutes },
              { path: "settings", children: settingsRoutes },
              { path: "account", children: accountRoutes },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
