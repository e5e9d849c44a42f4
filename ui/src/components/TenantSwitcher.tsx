// Switches workspace by URL: /t/<other>/<same page>, so two tabs can show two workspaces.
import { useLocation, useNavigate } from "react-router";
import { ChevronsUpDown, Mail } from "lucide-react";
import { Menu, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator } from "./ui/Menu";
import { useWorkspaces } from "@/hooks/useWorkspace";
import type { Workspace } from "@/lib/types";

export function switchPath(pathname: string, from: string, to: string): string {
  const prefix = `/t/${from}/`;
  const rest = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : "dashboard";
  // Record pages (…/clusters/<id>) belong to the old workspace: go to their list.
  const top = rest.split("/").slice(0, 2).join("/");
  return `/t/${to}/${top || "dashboard"}`;
}

export function TenantSwitcher({ current }: { current: Workspace }) {
  const q = useWorkspaces();
  const nav = useNavigate();
  const loc = useLocation();
  const list = q.data ?? [current];
  return (
    <Menu
      align="start"
      label="Workspaces"
      trigger={
        <button
          type="button"
          data-testid="tenant-switcher"
          aria-label={`Workspace: ${current.name}. Switch workspace`}
          className="inline-flex h-10 min-w-0 max-w-[16rem] items-center gap-2 rounded-lg border border-gray-200 bg-white px-2 text-sm font-medium hover:bg-gray-50 sm:px-3 dark:border-gray-800 dark:bg-gray-900 dark:hover:bg-gray-800"
        >
          <span className="truncate">{current.name}</span>
          <ChevronsUpDown className="size-4 shrink-0 text-gray-500" aria-hidden="true" />
        </button>
      }
    >
      <MenuLabel>Workspaces</MenuLabel>
      <MenuRadioGroup
        value={current.slug}
        onValueChange={(slug) => {
          if (slug !== current.slug) nav(switchPath(loc.pathname, current.slug, slug));
        }}
      >
        {list.map((w) => (
          <MenuRadioItem key={w.id} value={w.slug}>
            <span className="truncate">{w.name}</span>
            <span className="ml-auto text-xs text-gray-600 dark:text-gray-400">{w.role}</span>
          </MenuRadioItem>
        ))}
      </MenuRadioGroup>
      <MenuSeparator />
      <MenuItem onSelect={() => nav("/invitations")}>
        <Mail className="size-4" aria-hidden="true" /> Invitations
      </MenuItem>
    </Menu>
  );
}
