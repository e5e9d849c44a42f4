import { useEffect, useRef } from "react";

/** True when the event comes from a field the user is typing in. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  const tag = t.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable;
}

/**
 * Binds a keyboard shortcut while mounted: "mod+k" (Ctrl on Linux/Windows, ⌘ on macOS),
 * or a single key like "/" (ignored while typing in a field). The key's default action is
 * prevented unless the handler returns false (it had nothing to do): a prevented Escape
 * keydown never reaches an open <dialog>, which then does not close.
 */
export function useKeybind(combo: string, handler: (e: KeyboardEvent) => boolean | void) {
  const cb = useRef(handler);
  cb.current = handler;
  useEffect(() => {
    const mod = combo.startsWith("mod+");
    const key = mod ? combo.slice(4) : combo;
    const on = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== key) return;
      if (mod) {
        if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      } else if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
      if (cb.current(e) !== false) e.preventDefault();
    };
    window.addEventListener("keydown", on);
    return () => window.removeEventListener("keydown", on);
  }, [combo]);
}
