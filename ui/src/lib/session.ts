// The signed-in session: who is signed in, and what happens when that changes.
// A user change (sign-out, another account) clears the query cache, closes
// realtime and resets every module's UI state, so nothing of the previous user
// stays on screen or in memory.
import { useSyncExternalStore } from "react";
import { pb, currentUser, type User } from "./pb";
import { queryClient } from "./queryClient";
import { closeAll, onResync } from "@/realtime/realtime";
import { resetModuleStores } from "@/stores/createModuleStore";

let lastUserId: string | null = currentUser()?.id ?? null;

pb.authStore.onChange(() => {
  const id = pb.authStore.isValid ? (currentUser()?.id ?? null) : null;
  if (id !== lastUserId) {
    lastUserId = id;
    queryClient.clear();
    void closeAll();
    resetModuleStores();
  }
});

// Events sent while the realtime connection was down are lost: refetch what is on screen.
onResync(() => void queryClient.invalidateQueries({ type: "active" }));

/** Checks the stored token with the server (start, window focus); a dead token signs out. */
export async function refreshAuth(): Promise<void> {
  if (!pb.authStore.isValid) return;
  try {
    await pb.collection("users").authRefresh({ requestKey: null });
  } catch (err: unknown) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403 || status === 404) pb.authStore.clear();
  }
}

let focusBound = false;
export function bindFocusRefresh() {
  if (focusBound) return;
  focusBound = true;
  let last = Date.now();
  window.addEventListener("focus", () => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    void refreshAuth();
  });
}

export function signOut() {
  pb.authStore.clear();
}

function subscribe(cb: () => void) {
  return pb.authStore.onChange(cb);
}

function snapshot(): string {
  return pb.authStore.isValid ? pb.authStore.token : "";
}

/** The signed-in user (re-renders on sign-in/out and token refresh). */
export function useUser(): User | null {
  useSyncExternalStore(subscribe, snapshot);
  return pb.authStore.isValid ? currentUser() : null;
}
