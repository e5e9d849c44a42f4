// The one PocketBase client of the app. Every server call goes through it (from a
// feature's api.ts); the realtime module is the only place that subscribes.
import PocketBase, { ClientResponseError, LocalAuthStore } from "pocketbase";

/** Storage key of the SDK's auth store; e2e tests inject a token under it. */
export const AUTH_KEY = "igny8.auth";

export const pb = new PocketBase(window.location.origin, new LocalAuthStore(AUTH_KEY));

// TanStack Query owns caching and cancellation; the SDK's own auto-cancellation of
// identical requests would abort queries the cache still wants.
pb.autoCancellation(false);

/** Called with the path the user was on when the server answered 401. */
let onUnauthorized: ((from: string) => void) | null = null;
export function setUnauthorizedHandler(fn: ((from: string) => void) | null) {
  onUnauthorized = fn;
}

pb.afterSend = function (response, data) {
  if (response.status === 401 && pb.authStore.isValid && !response.url.includes("/auth-")) {
    // The token was revoked or expired server-side: sign out and go to sign-in, remembering the page.
    pb.authStore.clear();
    onUnauthorized?.(window.location.pathname + window.location.search);
  }
  return data;
};

export { ClientResponseError };

/** The signed-in user record, as the SDK holds it. */
export interface User {
  id: string;
  email: string;
  name: string;
  verified: boolean;
  avatar?: string;
}

export function currentUser(): User | null {
  const r = pb.authStore.record;
  return r ? (r as unknown as User) : null;
}
