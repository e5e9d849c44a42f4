// The app shell of a workspace: sidebar by module, header (workspace switcher,
// credits, jobs tray, account), the page, toasts. Ctrl/⌘K opens the command
// palette; "/" focuses the page's search field (an input marked data-search).
import { useEffect, useState } from "react";
import { Link, Outlet } from "react-router";
import { Menu as MenuIcon, Search } from "lucide-react";
import { useWorkspace } from "@/hooks/useWorkspace";
import { useKeybind } from "@/hooks/useKeybind";
import { Sidebar } from "./Sidebar";
import { UserMenu } from "./UserMenu";
import { TenantSwitcher } from "@/components/TenantSwitcher";
import { CreditsBadge } from "@/components/CreditsBadge";
import { AIStatusBar } from "@/components/AIStatusBar";
import { CommandPalette } from "@/components/CommandPalette";
import { IconButton } from "@/components/ui/Button";
import { WorkspaceBanner } from "./WorkspaceBanner";
import { NotificationsBell } from "@/features/notifications/NotificationsBell";
import { cn } from "@/lib/cn";

export function AppShell() {
  const ws = useWorkspace();
  const [drawer, setDrawer] = useState(false);
  const [palette, setPalette] = useState(false);

  useEffect(() => {
    localStorage.setItem("igny8.lastWorkspace", ws.slug);
  }, [ws.slug]);

  useKeybind("mod+k", () => setPalette(true));
  useKeybind("/", () => {
    const el = document.querySelector<HTMLInputElement>("input[data-search]");
    if (el) el.focus();
    else setPalette(true);
  });
  // Escape closes the phone drawer; otherwise it is left to the page (a dialog's own Escape).
  useKeybind("escape", () => {
    if (!drawer) return false;
    setDrawer(false);
  });

  return (
    <div className="flex min-h-dvh">
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-gray-900">
        Skip to content
      </a>
      {/* Sidebar: fixed column from lg, a drawer below. */}
      <aside
        className={cn(
          "fixed inset-y-0 left-0 z-40 w-64 border-r border-gray-200 bg-white transition-transform dark:border-gray-800 dark:bg-gray-900 lg:static lg:translate-x-0",
          drawer ? "translate-x-0" : "-translate-x-full",
        )}
        aria-label="Sidebar"
      >
        <div className="flex h-16 items-center px-6">
          <Link to={`/t/${ws.slug}/dashboard`} className="flex items-center gap-2 text-lg font-bold">
            <img src="/favicon.svg" alt="" className="size-7" /> igny8
          </Link>
        </div>
        <Sidebar slug={ws.slug} onNavigate={() => setDrawer(false)} />
      </aside>
      {drawer && <div className="fixed inset-0 z-30 bg-black/40 lg:hidden" aria-hidden="true" onClick={() => setDrawer(false)} />}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-16 items-center gap-1 border-b border-gray-200 bg-white/95 px-3 backdrop-blur sm:px-4 dark:border-gray-800 dark:bg-gray-900/95">
          <IconButton label="Open the menu" className="shrink-0 lg:hidden" aria-expanded={drawer} onClick={() => setDrawer((d) => !d)}>
            <MenuIcon className="size-5" aria-hidden="true" />
          </IconButton>
          <TenantSwitcher current={ws} />
          <button
            type="button"
            onClick={() => setPalette(true)}
            className="hidden h-10 items-center gap-2 rounded-lg border border-gray-200 px-3 text-sm text-gray-600 hover:bg-gray-50 md:inline-flex dark:border-gray-800 dark:text-gray-400 dark:hover:bg-gray-800"
          >
            <Search className="size-4" aria-hidden="true" /> Go to… <kbd className="rounded border border-gray-300 px-1 text-xs dark:border-gray-700">Ctrl K</kbd>
          </button>
          <div className="ml-auto flex shrink-0 items-center gap-0.5 sm:gap-1">
            <CreditsBadge tenant={ws.id} slug={ws.slug} />
            <AIStatusBar tenant={ws.id} slug={ws.slug} />
            <NotificationsBell slug={ws.slug} />
            <UserMenu />
          </div>
        </header>
        <WorkspaceBanner />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 sm:p-6">
          <Outlet />
        </main>
      </div>
      <CommandPalette open={palette} onOpenChange={setPalette} slug={ws.slug} />
    </div>
  );
}
