// Toasts: outcome messages announced to screen readers (role=status, or alert for
// errors), with an optional link to the result or the error.
import { create } from "zustand";
import { Link } from "react-router";
import { X } from "lucide-react";
import { cn } from "@/lib/cn";

export type ToastTone = "info" | "success" | "error";
export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body?: string;
  link?: { to: string; label: string };
}

interface ToastState {
  toasts: Toast[];
  push: (t: Omit<Toast, "id">) => number;
  dismiss: (id: number) => void;
}

let seq = 0;
export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  push: (t) => {
    const id = ++seq;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id }] }));
    if (t.tone !== "error") setTimeout(() => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })), 6000);
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
}));

/** Shows a toast from anywhere (also outside React). */
export const toast = {
  info: (title: string, more?: Partial<Toast>) => useToasts.getState().push({ tone: "info", title, ...more }),
  success: (title: string, more?: Partial<Toast>) => useToasts.getState().push({ tone: "success", title, ...more }),
  error: (title: string, more?: Partial<Toast>) => useToasts.getState().push({ tone: "error", title, ...more }),
};

const tones: Record<ToastTone, string> = {
  info: "border-gray-200 dark:border-gray-700",
  success: "border-green-600",
  error: "border-red-600",
};

export function Toaster() {
  const { toasts, dismiss } = useToasts();
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === "error" ? "alert" : "status"}
          className={cn("pointer-events-auto flex items-start gap-3 rounded-lg border-l-4 bg-white p-3 text-sm shadow-lg dark:bg-gray-900", tones[t.tone])}
        >
          <div className="min-w-0 flex-1">
            <p className="font-medium break-words">{t.title}</p>
            {t.body && <p className="mt-0.5 break-words text-gray-700 dark:text-gray-300">{t.body}</p>}
            {t.link && (
              <Link to={t.link.to} className="mt-1 inline-block font-medium text-brand-700 underline dark:text-brand-300" onClick={() => dismiss(t.id)}>
                {t.link.label}
              </Link>
            )}
          </div>
          <button type="button" aria-label="Dismiss" className="rounded p-1 text-gray-600 hover:bg-gray-100 dark:text-gray-300 dark:hover:bg-gray-800" onClick={() => dismiss(t.id)}>
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      ))}
    </div>
  );
}
