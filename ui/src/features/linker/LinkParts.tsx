// The pieces every Linker list shows of a link: the anchor in its sentence, the
// target (title and URL as text: the user reads where it points, nothing opens),
// and the badges for status, type and priority.
import { Badge } from "@/components/ui/Badge";
import type { InternalLink } from "./api";
import { priorityTone, statusText, statusTone, typeHelp, typeText, type AnchorContext } from "./text";

export function AnchorInContext({ context, anchor }: { context: AnchorContext | null; anchor: string }) {
  if (!context)
    return (
      <p className="text-sm">
        <mark className="rounded bg-brand-100 px-0.5 font-medium text-brand-900 dark:bg-brand-900 dark:text-brand-50">{anchor}</mark>
      </p>
    );
  return (
    <p className="text-sm text-gray-800 dark:text-gray-200" data-testid="anchor-context">
      {context.before}
      <mark className="rounded bg-brand-100 px-0.5 font-medium text-brand-900 dark:bg-brand-900 dark:text-brand-50">{context.anchor}</mark>
      {context.after}
    </p>
  );
}

export function TargetText({ link, prefix = "to" }: { link: Pick<InternalLink, "target_title" | "target_url">; prefix?: string }) {
  return (
    <p className="min-w-0 text-sm">
      <span className="text-gray-600 dark:text-gray-400">{prefix} </span>
      <span className="font-medium">{link.target_title || "an untitled post"}</span>
      {link.target_url ? <span className="block text-xs break-all text-gray-600 dark:text-gray-400">{link.target_url}</span> : <span className="block text-xs text-gray-600 dark:text-gray-400">no URL until it is published</span>}
    </p>
  );
}

export function LinkBadges({ link, status = true }: { link: Pick<InternalLink, "status" | "link_type" | "priority">; status?: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {status && (
        <Badge tone={statusTone[link.status]}>
          <span data-testid="link-status">{statusText[link.status]}</span>
        </Badge>
      )}
      <span title={typeHelp[link.link_type]}>
        <Badge tone="gray">{typeText[link.link_type] ?? link.link_type}</Badge>
      </span>
      <Badge tone={priorityTone[link.priority] ?? "gray"}>{link.priority} priority</Badge>
    </span>
  );
}
