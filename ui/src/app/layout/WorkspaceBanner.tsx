import { useWorkspace } from "@/hooks/useWorkspace";

/** Says why a workspace cannot do everything: read-only role, suspension, overdue payment. */
export function WorkspaceBanner() {
  const ws = useWorkspace();
  let text: string | null = null;
  let tone = "bg-amber-50 text-amber-950 border-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:border-amber-900";
  if (ws.status === "suspended") {
    text = "This workspace is suspended: everything is read-only. An owner can reactivate it in Billing.";
    tone = "bg-red-50 text-red-950 border-red-200 dark:bg-red-950/50 dark:text-red-100 dark:border-red-900";
  } else if (ws.status === "past_due") {
    text = "The last payment failed. The workspace keeps working during the grace period; an owner can update the payment in Billing.";
  } else if (ws.role === "viewer") {
    text = "You are a viewer in this workspace: you can look at everything but not change it.";
    tone = "bg-gray-100 text-gray-800 border-gray-200 dark:bg-gray-900 dark:text-gray-200 dark:border-gray-800";
  }
  if (!text) return null;
  return (
    <div role="status" data-testid="workspace-banner" className={`border-b px-4 py-2 text-sm ${tone}`}>
      {text}
    </div>
  );
}
