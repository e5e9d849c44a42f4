// Entry: the query client and the router (the toaster is in the root route) — nothing else.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router/dom";
import "./index.css";
import { queryClient } from "./lib/queryClient";
import { bindFocusRefresh, refreshAuth } from "./lib/session";
import { setUnauthorizedHandler } from "./lib/pb";
import { watchSystemTheme } from "./lib/theme";
import { createRouter } from "./app/router";

const router = createRouter();
setUnauthorizedHandler((from) => void router.navigate(`/sign-in?next=${encodeURIComponent(from)}`, { replace: true }));
void refreshAuth();
bindFocusRefresh();
watchSystemTheme();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
