// The Thinker's sub-pages as tabs under the page title (the sidebar lists them too).
import { NavLink } from "react-router";
import { cn } from "@/lib/cn";
import { useWorkspace } from "@/hooks/useWorkspace";

const tabs = [
  { label: "Prompts", path: "prompts" },
  { label: "Personas", path: "personas" },
  { label: "Strategies", path: "strategies" },
  { label: "Playground", path: "playground" },
];

export function ThinkerTabs() {
  const ws = useWorkspace();
  return (
    <nav aria-label="Thinker" className="mb-4 flex flex-wrap gap-1 border-b border-gray-200 dark:border-gray-800">
      {tabs.map((t) => (
        <NavLink
          key={t.path}
          to={`/t/${ws.slug}/thinker/${t.path}`}
          className={({ isActive }) =>
            cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              isActive ? "border-brand-600 text-brand-800 dark:text-brand-200" : "border-transparent text-gray-700 hover:text-gray-900 dark:text-gray-300 dark:hover:text-gray-100",
            )
          }
        >
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
