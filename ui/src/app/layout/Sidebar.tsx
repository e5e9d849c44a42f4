import { NavLink } from "react-router";
import { cn } from "@/lib/cn";
import { nav } from "../nav";

const linkClass = ({ isActive }: { isActive: boolean }) =>
  cn(
    "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium",
    isActive ? "bg-brand-50 text-brand-800 dark:bg-brand-950 dark:text-brand-200" : "text-gray-700 hover:bg-gray-100 dark:text-gray-300 dark:hover:bg-gray-800",
  );

/** The sidebar by module (seed §3.1). */
export function Sidebar({ slug, onNavigate }: { slug: string; onNavigate?: () => void }) {
  return (
    <nav aria-label="Modules" className="flex h-full flex-col gap-1 overflow-y-auto p-3">
      {nav.map((item) => {
        const Icon = item.icon;
        if (item.children) {
          return (
            <div key={item.path} className="mt-1">
              <p className="flex items-center gap-3 px-3 py-2 text-xs font-semibold tracking-wide text-gray-600 uppercase dark:text-gray-400">
                <Icon className="size-4" aria-hidden="true" />
                {item.label}
              </p>
              <ul className="ml-4 space-y-1 border-l border-gray-200 pl-3 dark:border-gray-800">
                {item.children.map((c) => (
                  <li key={c.path}>
                    <NavLink to={`/t/${slug}/${c.path}`} className={linkClass} onClick={onNavigate}>
                      {c.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          );
        }
        return (
          <NavLink key={item.path} to={`/t/${slug}/${item.path}`} className={linkClass} onClick={onNavigate}>
            <Icon className="size-4" aria-hidden="true" />
            <span>{item.label}</span>
            {item.soon && <span className="ml-auto text-xs font-normal text-gray-600 dark:text-gray-400">soon</span>}
          </NavLink>
        );
      })}
    </nav>
  );
}
