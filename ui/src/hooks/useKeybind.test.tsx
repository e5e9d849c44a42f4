import { describe, expect, it, vi } from "vitest";
import { render } from "@testing-library/react";
import { useKeybind } from "./useKeybind";

function Bind({ combo, handler }: { combo: string; handler: (e: KeyboardEvent) => boolean | void }) {
  useKeybind(combo, handler);
  return <button type="button">focus</button>;
}

function press(key: string, init: KeyboardEventInit = {}) {
  const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  document.body.dispatchEvent(e);
  return e;
}

describe("useKeybind", () => {
  it("runs the handler and prevents the key's default", () => {
    const h = vi.fn();
    render(<Bind combo="/" handler={h} />);
    expect(press("/").defaultPrevented).toBe(true);
    expect(h).toHaveBeenCalledTimes(1);
  });

  it("leaves the default alone when the handler had nothing to do (a dialog's Escape)", () => {
    const h = vi.fn(() => false);
    render(<Bind combo="escape" handler={h} />);
    expect(press("Escape").defaultPrevented).toBe(false);
    expect(h).toHaveBeenCalledTimes(1);
  });

  it("needs Ctrl or ⌘ for mod+ combos", () => {
    const h = vi.fn();
    render(<Bind combo="mod+k" handler={h} />);
    expect(press("k").defaultPrevented).toBe(false);
    expect(press("k", { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(h).toHaveBeenCalledTimes(1);
  });
});
