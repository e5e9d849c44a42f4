// The Team page's server calls (docs/API.md: members and invitations).
import { pb } from "@/lib/pb";
import type { BaseRecord, Role } from "@/lib/types";

/** GET /api/igny8/workspaces/{tenant}/members item. */
export interface Member {
  membership: string;
  user: string;
  name: string;
  /** Answered to admins and owners, and to each person for themselves. */
  email?: string;
  role: Role;
  joined: string;
  you: boolean;
}

export interface Invitation extends BaseRecord {
  tenant: string;
  email: string;
  role: Role;
  status: "pending" | "accepted" | "declined" | "revoked";
  invited_by: string;
  expires: string;
}

/** POST /members answer: without mail the link to pass on. */
export interface InviteAnswer {
  id: string;
  email: string;
  role: Role;
  expires: string;
  mailed: boolean;
  link?: string;
}

export const teamKeys = {
  all: (t: string) => [t, "team"] as const,
  members: (t: string) => [t, "team", "members"] as const,
  invitations: (t: string) => [t, "team", "invitations"] as const,
};

const base = (t: string) => `/api/igny8/workspaces/${encodeURIComponent(t)}`;

export async function listMembers(tenant: string, signal?: AbortSignal) {
  const r = await pb.send<{ items: Member[] }>(`${base(tenant)}/members`, { signal, requestKey: null });
  return r.items ?? [];
}

/** Pending invitations that have not expired (admins and owners read them). */
export function listInvitations(tenant: string, signal?: AbortSignal) {
  return pb.collection("invitations").getFullList<Invitation>({
    filter: pb.filter("tenant = {:t} && status = 'pending' && expires > @now", { t: tenant }),
    sort: "-created,id",
    signal,
    requestKey: null,
  });
}

export function invite(tenant: string, email: string, role: Role) {
  return pb.send<InviteAnswer>(`${base(tenant)}/members`, { method: "POST", body: { email, role }, requestKey: null });
}

export function revokeInvitation(tenant: string, id: string) {
  return pb.send(`${base(tenant)}/invitations/${encodeURIComponent(id)}`, { method: "DELETE", requestKey: null });
}

export function changeRole(tenant: string, membership: string, role: Role) {
  return pb.send(`${base(tenant)}/members/${encodeURIComponent(membership)}`, { method: "PATCH", body: { role }, requestKey: null });
}

export function removeMember(tenant: string, membership: string) {
  return pb.send(`${base(tenant)}/members/${encodeURIComponent(membership)}`, { method: "DELETE", requestKey: null });
}

export const roleInfo: Record<Role, string> = {
  viewer: "reads everything",
  editor: "creates and edits keywords, ideas and articles",
  admin: "also sites, members and prompts",
  owner: "also billing and deleting the workspace",
};
