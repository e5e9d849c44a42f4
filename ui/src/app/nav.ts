// The sidebar by module (seed §3.1): each module a page under /t/:slug/, Planner with
// its sub-pages. `soon` marks modules that arrive in part 2 of the web app.
import { LayoutDashboard, KeyRound, PenLine, Lightbulb, Globe, Users, CreditCard, Settings, ListChecks, type LucideIcon } from "lucide-react";

export interface NavItem {
  label: string;
  /** Path below /t/:slug/. */
  path: string;
  icon: LucideIcon;
  children?: { label: string; path: string }[];
  soon?: boolean;
}

export const nav: NavItem[] = [
  { label: "Dashboard", path: "dashboard", icon: LayoutDashboard },
  {
    label: "Planner",
    path: "planner",
    icon: KeyRound,
    children: [
      { label: "Keywords", path: "planner/keywords" },
      { label: "Clusters", path: "planner/clusters" },
      { label: "Ideas", path: "planner/ideas" },
    ],
  },
  { label: "Writer", path: "writer", icon: PenLine },
  {
    label: "Thinker",
    path: "thinker",
    icon: Lightbulb,
    children: [
      { label: "Prompts", path: "thinker/prompts" },
      { label: "Personas", path: "thinker/personas" },
      { label: "Strategies", path: "thinker/strategies" },
      { label: "Playground", path: "thinker/playground" },
    ],
  },
  { label: "Jobs", path: "jobs", icon: ListChecks },
  { label: "Sites", path: "sites", icon: Globe },
  { label: "Team", path: "team", icon: Users },
  { label: "Billing", path: "billing", icon: CreditCard },
  { label: "Settings", path: "settings", icon: Settings },
];
