// Modal dialog on the native <dialog> element (showModal): the browser makes the
// rest of the page inert, traps focus, closes on Escape and puts it in the top
// layer. Radix's Dialog was not used because its scroll lock injects an inline
// <style> element, which the app's strict CSP (style-src 'self') refuses.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { X } from "lucide-react";
import { cn } from "@/lib/cn";
import { IconButton } from "./Button";

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  /** Mark the element to focus first with data-autofocus (else the browser picks the first focusable). */
  /** "alert" for confirmations: role alertdialog, no close button. */
  role?: "dialog" | "alert";
  className?: string;
}

export function Dialog({ open, onOpenChange, title, description, children, footer, role = "dialog", className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement as HTMLElement | null;
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
      // React's autoFocus ran before the dialog was open; focus the chosen element now.
      d.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && d.open) {
      if (typeof d.close === "function") d.close();
      else d.removeAttribute("open");
    }
    if (!open && returnTo.current) {
      returnTo.current.focus?.();
      returnTo.current = null;
    }
  }, [open]);

  // A dialog rendered only while open (`{x && <Dialog open />}`) unmounts instead of
  // closing: focus still goes back to where it was.
  useEffect(
    () => () => {
      const to = returnTo.current;
      returnTo.current = null;
      if (to?.isConnected) to.focus?.();
    },
    [],
  );

  return (
    <dialog
      ref={ref}
      role={role === "alert" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      aria-modal="true"
      onCancel={(e) => {
        e.preventDefault();
        onOpenChange(false);
      }}
      onClick={(e) => {
        if (e.target === ref.current && role !== "alert") onOpenChange(false); // backdrop click
      }}
      className={cn(
        "m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-gray-200 bg-white p-0 text-gray-900 shadow-xl dark:border-gray-800 dark:bg-gray-900 dark:text-gray-100",
        className,
      )}
    >
      {open && (
        <div className="flex max-h-[85dvh] flex-col">
          <div className="flex items-start justify-between gap-4 border-b border-gray-200 px-5 py-4 dark:border-gray-800">
            <div>
              <h2 id={titleId} className="text-base font-semibold">
                {title}
              </h2>
              {description && (
                <p id={descId} className="mt-1 text-sm text-gray-600 dark:text-gray-400">
                  {description}
                </p>
              )}
            </div>
            {role !== "alert" && (
              <IconButton label="Close" size="sm" onClick={() => onOpenChange(false)}>
                <X className="size-4" aria-hidden="true" />
              </IconButton>
            )}
          </div>
          {children && <div className="overflow-y-auto px-5 py-4">{children}</div>}
          {footer && <div className="flex flex-wrap justify-end gap-2 border-t border-gray-200 px-5 py-3 dark:border-gray-800">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}
