// Sign-in, sign-up and the email flows: PocketBase's own auth routes plus igny8's
// signup (docs/API.md "Foundation").
import { pb } from "@/lib/pb";
import type { Tenant } from "@/lib/types";

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  workspace: string;
}

export interface SignupAnswer {
  token: string;
  record: Record<string, unknown> & { id: string };
  meta: { tenant: Tenant; invitations: Invitation[] };
}

export interface Invitation {
  id: string;
  tenant: string;
  workspace: string;
  role: string;
  invited_by: string;
  expires: string;
}

export async function signup(input: SignupInput): Promise<SignupAnswer> {
  const res = await pb.send<SignupAnswer>("/api/igny8/auth/signup", { method: "POST", body: input, requestKey: null });
  pb.authStore.save(res.token, res.record as never);
  return res;
}

/** Password sign-in; an account with two factors answers {mfaId} instead. */
export async function signIn(email: string, password: string): Promise<{ mfaId?: string }> {
  try {
    await pb.collection("users").authWithPassword(email, password, { requestKey: null });
    return {};
  } catch (err: unknown) {
    const mfaId = (err as { response?: { mfaId?: string } }).response?.mfaId;
    if (mfaId) return { mfaId };
    throw err;
  }
}

export async function requestOTP(email: string): Promise<string> {
  const r = await pb.collection("users").requestOTP(email, { requestKey: null });
  return r.otpId;
}

export async function signInWithOTP(otpId: string, code: string, mfaId: string) {
  await pb.collection("users").authWithOTP(otpId, code, { mfaId, requestKey: null });
}

export const requestPasswordReset = (email: string) => pb.collection("users").requestPasswordReset(email, { requestKey: null });
export const confirmPasswordReset = (token: string, password: string) =>
  pb.collection("users").confirmPasswordReset(token, password, password, { requestKey: null });
export const requestVerification = (email: string) => pb.collection("users").requestVerification(email, { requestKey: null });
export const confirmVerification = (token: string) => pb.collection("users").confirmVerification(token, { requestKey: null });

export async function myInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  const r = await pb.send<{ items: Invitation[] }>("/api/igny8/invitations", { signal, requestKey: null });
  return r.items ?? [];
}

export const acceptInvitation = (id: string, token?: string) =>
  pb.send<{ id: string; tenant: string; role: string }>(`/api/igny8/invitations/${encodeURIComponent(id)}/accept`, {
    method: "POST",
    body: token ? { token } : {},
    requestKey: null,
  });

export const declineInvitation = (id: string) =>
  pb.send(`/api/igny8/invitations/${encodeURIComponent(id)}/decline`, { method: "POST", requestKey: null });
