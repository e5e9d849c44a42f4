// One Zustand store per module, all of the same shape (seed §3.4): the module's UI
// state (never server data — that is TanStack Query's), a patch setter and a reset.
import { create, type StoreApi, type UseBoundStore } from "zustand";

export interface ModuleStore<T extends object> {
  module: string;
  ui: T;
  set: (patch: Partial<T>) => void;
  reset: () => void;
}

const registry = new Map<string, UseBoundStore<StoreApi<ModuleStore<object>>>>();

export function createModuleStore<T extends object>(module: string, defaults: T): UseBoundStore<StoreApi<ModuleStore<T>>> {
  const store = create<ModuleStore<T>>()((set) => ({
    module,
    ui: defaults,
    set: (patch) => set((s) => ({ ui: { ...s.ui, ...patch } })),
    reset: () => set({ ui: defaults }),
  }));
  registry.set(module, store as unknown as UseBoundStore<StoreApi<ModuleStore<object>>>);
  return store;
}

/** Resets every module's UI state (on sign-out or a user switch). */
export function resetModuleStores() {
  for (const s of registry.values()) s.getState().reset();
}
