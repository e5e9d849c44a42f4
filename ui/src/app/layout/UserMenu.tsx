import { useContext, useState } from "react";
import { useNavigate } from "react-router";
import { LogOut, Monitor, Moon, Sun, UserRound } from "lucide-react";
import { WorkspaceContext } from "@/hooks/useWorkspace";
import { Menu, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator } from "@/components/ui/Menu";
import { useUser, signOut } from "@/lib/session";
import { getTheme, setTheme, type Theme } from "@/lib/theme";

export function UserMenu() {
  const user = useUser();
  const ws = useContext(WorkspaceContext);
  const navigate = useNavigate();
  const [theme, setThemeState] = useState<Theme>(getTheme());
  const initial = (user?.name || user?.email || "?").slice(0, 1).toUpperCase();
  return (
    <Menu
      label="Account"
      trigger={
        <button
          type="button"
          aria-label="Account menu"
          data-testid="user-menu"
          className="inline-flex size-10 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-800 hover:bg-brand-200 dark:bg-brand-900 dark:text-brand-100"
        >
          {initial}
        </button>
      }
    >
      <MenuLabel>
        <span className="block truncate font-medium text-gray-900 dark:text-gray-100">{user?.name || "Signed in"}</span>
        <span className="block truncate">{user?.email}</span>
      </MenuLabel>
      {ws && (
        <MenuItem onSelect={() => navigate(`/t/${ws.slug}/account`)}>
          <UserRound className="size-4" aria-hidden="true" /> Account
        </MenuItem>
      )}
      <MenuSeparator />
      <MenuLabel>Theme</MenuLabel>
      <MenuRadioGroup
        value={theme}
        onValueChange={(v) => {
          setTheme(v as Theme);
          setThemeState(v as Theme);
        }}
      >
        <MenuRadioItem value="light">
          <Sun className="size-4" aria-hidden="true" /> Light
        </MenuRadioItem>
        <MenuRadioItem value="dark">
          <Moon className="size-4" aria-hidden="true" /> Dark
        </MenuRadioItem>
        <MenuRadioItem value="system">
          <Monitor className="size-4" aria-hidden="true" /> System
        </MenuRadioItem>
      </MenuRadioGroup>
      <MenuSeparator />
      <MenuItem onSelect={() => signOut()}>
        <LogOut className="size-4" aria-hidden="true" /> Sign out
      </MenuItem>
    </Menu>
  );
}
