// What the Optimizer's pages say about a refresh, as plain functions (refresh.test.ts):
// the status in words, each reason's name, why Run is not offered, which version is
// live in WordPress and what a republish would send.
import type { Tone } from "@/components/ui/Badge";
import { shortReason, type Cost } from "@/features/planner/CostPreview";
import type { Refresh, RefreshStatus } from "./api";

export const statusName: Record<RefreshStatus, string> = {
  suggested: "suggested",
  queued: "rewriting",
  review: "ready for review",
  published: "republished",
  dismissed: "dismissed",
  failed: "failed",
};

export const statusTone: Record<RefreshStatus, Tone> = {
  suggested: "amber",
  queued: "brand",
  review: "green",
  published: "gray",
  dismissed: "gray",
  failed: "red",
};

const reasonNames: Record<string, string> = {
  age: "Old",
  thin: "Thin",
  missing_keywords: "Missing keywords",
  falling_clicks: "Falling clicks",
  falling_position: "Falling position",
  overlap: "Overlap merged",
};

/** The short name of a reason's code (its sentence is the server's). */
export function reasonName(code: string): string {
  return reasonNames[code] ?? code.replace(/_/g, " ");
}

/** Whether igny8 has an article for the post (only then can the refresh run). */
export function isIgny8Post(r: Pick<Refresh, "content">): boolean {
  return r.content !== "";
}

/** Run is offered for a suggested or failed refresh (the run route's rule). */
export function canRun(r: Pick<Refresh, "status">): boolean {
  return r.status === "suggested" || r.status === "failed";
}

/** Dismiss is offered for a suggested, failed or reviewed refresh (the dismiss route's rule). */
export function canDismiss(r: Pick<Refresh, "status">): boolean {
  return r.status === "suggested" || r.status === "failed" || r.status === "review";
}

/** Why Run is disabled for r, or undefined when it can be clicked. */
export function runBlocked(r: Pick<Refresh, "status" | "content">, cost: Cost, busy: boolean): string | undefined {
  if (!isIgny8Post(r)) return "igny8 did not publish this post: adopt it into an article first.";
  if (busy || r.status === "queued") return "The rewrite is running.";
  if (!canRun(r)) return `The refresh is ${statusName[r.status] ?? r.status}: only a suggested or failed refresh runs.`;
  return shortReason(cost);
}

/** The content fields the review needs. */
export interface ReviewContent {
  version: number;
  wp_version: number;
  wp_post_id: number;
  status: string;
  publish_status: string;
}

/**
 * The version WordPress holds (contents.wp_version, the publisher records it), else the
 * one before the rewrite; 0 when there is nothing older to compare with.
 */
export function liveVersion(c: Pick<ReviewContent, "version" | "wp_version">, r: Pick<Refresh, "version">): number {
  if (c.wp_version > 0 && c.wp_version < c.version) return c.wp_version;
  return r.version > 1 ? r.version - 1 : 0;
}

export type ReviewState = "not_run" | "rewriting" | "review" | "edited" | "republishing" | "republished" | "dismissed" | "failed";

/** Where the review stands: what the page shows and which action it offers. */
export function reviewState(r: Pick<Refresh, "status" | "version">, c: Pick<ReviewContent, "version" | "publish_status"> | undefined): ReviewState {
  switch (r.status) {
    case "published":
      return "republished";
    case "dismissed":
      return "dismissed";
    case "failed":
      return "failed";
    case "queued":
      return "rewriting";
    case "suggested":
      return "not_run";
  }
  if (c?.publish_status === "publishing") return "republishing";
  if (c && c.version > r.version) return "edited";
  return "review";
}

/**
 * What "Republish" does for a content in editorial status `status`, by the user's role:
 * a refreshed article is in review, so an admin approves it and publishes (two calls, the
 * Writer's routes); an editor publishes only approved work (the publish route's rule).
 */
export function republishPlan(status: string, isAdmin: boolean, isEditor: boolean): { approve: boolean; allowed: boolean; reason?: string } {
  const approved = status === "approved" || status === "published";
  if (approved) return isEditor ? { approve: false, allowed: true } : { approve: false, allowed: false, reason: "Viewers cannot publish." };
  if (isAdmin) return { approve: status === "review", allowed: true };
  if (isEditor) return { approve: false, allowed: false, reason: "An admin approves the new version; then an editor or admin republishes it." };
  return { approve: false, allowed: false, reason: "Viewers cannot publish." };
}
