// Ctrl/⌘K: jump to any page of the workspace or to another workspace by typing.
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { Dialog } from "./ui/Dialog";
import { Input } from "./ui/Input";
import { nav } from "@/app/nav";
import { useWorkspaces } from "@/hooks/useWorkspace";
import { cn } from "@/lib/cn";

interface Command {
  id: string;
  label: string;
  group: string;
  to: string;
}

export function CommandPalette({ open, onOpenChange, slug }: { open: boolean; onOpenChange: (o: boolean) => void; slug: string }) {
  const [text, setText] = useState("");
  const [index, setIndex] = useState(0);
  const navigate = useNavigate();
  const ws = useWorkspaces();
  const commands = useMemo<Command[]>(() => {
    const pages: Command[] = [];
    for (const n of nav) {
      if (n.children) for (const c of n.children) pages.push({ id: c.path, label: `${n.label}: ${c.label}`, group: "Pages", to: `/t/${slug}/${c.path}` });
      else pages.push({ id: n.path, label: n.label, group: "Pages", to: `/t/${slug}/${n.path}` });
    }
    pages.push({ id: "import", label: "Planner: Import keywords", group: "Actions", to: `/t/${slug}/planner/import` });
    for (const w of ws.data ?? []) if (w.slug !== slug) pages.push({ id: `ws-${w.id}`, label: `Switch to ${w.name}`, group: "Workspaces", to: `/t/${w.slug}/dashboard` });
    return pages;
  }, [slug, ws.data]);
  const q = text.trim().toLowerCase();
  const shown = q ? commands.filter((c) => c.label.toLowerCase().includes(q)) : commands;
  const sel = Math.min(index, Math.max(0, shown.length - 1));

  const go = (c: Command | undefined) => {
    if (!c) return;
    onOpenChange(false);
    setText("");
    navigate(c.to);
  };

  return (
    <Dialog open={open} onOpenChange={(o) => { onOpenChange(o); if (!o) setText(""); }} title="Go to…" className="self-start sm:mt-[15vh]">
      <Input
        data-autofocus
        aria-label="Search pages and workspaces"
        role="combobox"
        aria-expanded="true"
        aria-controls="command-list"
        aria-activedescendant={shown[sel] ? `cmd-${shown[sel].id}` : undefined}
        placeholder="Type a page or workspace"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setIndex((i) => Math.min(i + 1, shown.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setIndex((i) => Math.max(i - 1, 0));
          } else if (e.key === "Enter") {
            e.preventDefault();
            go(shown[sel]);
          }
        }}
      />
      <ul id="command-list" role="listbox" aria-label="Results" className="mt-3 max-h-80 overflow-y-auto">
        {shown.length === 0 && <li className="px-3 py-2 text-sm text-gray-600 dark:text-gray-400">Nothing matches.</li>}
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={`cmd-${c.id}`}
            role="option"
            aria-selected={i === sel}
            className={cn("cursor-pointer rounded-md px-3 py-2 text-sm", i === sel ? "bg-brand-50 text-brand-900 dark:bg-brand-950 dark:text-brand-100" : "")}
            onMouseEnter={() => setIndex(i)}
            onClick={() => go(c)}
          >
            <span className="mr-2 text-xs text-gray-600 dark:text-gray-400">{c.group}</span>
            {c.label}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
