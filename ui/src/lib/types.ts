// Shapes of the records and route answers the app reads. They follow the Go schema
// (collections/*.go) and docs/API.md; keep field names identical.

export type Role = "viewer" | "editor" | "admin" | "owner";
export type TenantStatus = "trialing" | "active" | "past_due" | "suspended";

/** GET /api/igny8/workspaces item. */
export interface Workspace {
  id: string;
  name: string;
  slug: string;
  status: TenantStatus;
  plan: string;
  role: Role;
  membership: string;
}

export interface BaseRecord {
  id: string;
  collectionId: string;
  collectionName: string;
  created: string;
  updated: string;
}

export interface Tenant extends BaseRecord {
  name: string;
  slug: string;
  plan: string;
  status: TenantStatus;
  plan_credits: number;
  topup_credits: number;
  credits_reset_at: string;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "canceled";

export interface JobAttemptError {
  attempt?: number;
  error?: string;
  at?: string;
}

export interface Job extends BaseRecord {
  tenant: string;
  site: string;
  type: string;
  target_collection: string;
  target: string;
  status: JobStatus;
  progress: number;
  step: string;
  error: string;
  errors: JobAttemptError[] | null;
  attempts: number;
  max_attempts: number;
  credits: number;
  started: string;
  finished: string;
}

export interface Site extends BaseRecord {
  tenant: string;
  name: string;
  url: string;
}

const roleRank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/** Whether role r is at least min (the server's order: viewer < editor < admin < owner). */
export function roleAtLeast(r: Role | undefined, min: Role): boolean {
  return r !== undefined && roleRank[r] >= roleRank[min];
}
