// A record's or a page's actions, filtered by role: a viewer sees no write action
// (the API refuses anyway). Each action names its minimum role.
import type { ReactNode } from "react";
import { MoreHorizontal } from "lucide-react";
import { useCan } from "@/hooks/useWorkspace";
import type { Role } from "@/lib/types";
import { Button, IconButton } from "./ui/Button";
import { Menu, MenuItem } from "./ui/Menu";

export interface Action {
  label: string;
  onClick: () => void;
  icon?: ReactNode;
  /** The lowest role that may do it; "editor" unless said. Viewers only read. */
  minRole?: Role;
  destructive?: boolean;
  disabled?: boolean;
  /** Why it is disabled (shown as its title). */
  reason?: string;
  primary?: boolean;
}

function useAllowed(actions: Action[]): Action[] {
  const viewer = useCan("viewer");
  const editor = useCan("editor");
  const admin = useCan("admin");
  const owner = useCan("owner");
  const can: Record<Role, boolean> = { viewer, editor, admin, owner };
  return actions.filter((a) => can[a.minRole ?? "editor"]);
}

/** Buttons inline; with `compact` (table rows, phones) all but the primary go into a menu. */
export function ActionButtons({ actions, compact, label = "More actions" }: { actions: Action[]; compact?: boolean; label?: string }) {
  const allowed = useAllowed(actions);
  if (allowed.length === 0) return null;
  if (!compact) {
    return (
      <div className="flex flex-wrap gap-2">
        {allowed.map((a) => (
          <Button key={a.label} size="sm" variant={a.destructive ? "danger" : a.primary ? "primary" : "secondary"} disabled={a.disabled} title={a.reason} onClick={a.onClick}>
            {a.icon}
            {a.label}
          </Button>
        ))}
      </div>
    );
  }
  return (
    <Menu
      label={label}
      trigger={
        <IconButton label={label} size="sm">
          <MoreHorizontal className="size-4" aria-hidden="true" />
        </IconButton>
      }
    >
      {allowed.map((a) => (
        <MenuItem key={a.label} onSelect={a.onClick} destructive={a.destructive} disabled={a.disabled}>
          {a.icon}
          {a.label}
        </MenuItem>
      ))}
    </Menu>
  );
}

/** Renders children only for at least role min. */
export function Can({ min = "editor", children }: { min?: Role; children: ReactNode }) {
  return useCan(min) ? <>{children}</> : null;
}
