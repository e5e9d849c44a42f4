// Human names of job types and statuses, shared by the jobs tray and the Jobs page.
import type { JobStatus } from "./types";
import type { Tone } from "@/components/ui/Badge";

const typeNames: Record<string, string> = {
  "planner.cluster": "Clustering keywords",
  "planner.ideas": "Generating ideas",
  "planner.import": "Importing keywords",
  "writer.content": "Writing an article",
  "writer.images": "Generating images",
  "writer.reparse": "Reparsing an article",
  "wordpress.publish": "Publishing to WordPress",
  "wordpress.sync": "Syncing with WordPress",
  "schedule.run": "Scheduled run",
  "optimizer.scan": "Scanning for posts to refresh",
  "optimizer.refresh": "Refreshing a post",
  "linker.suggest": "Suggesting internal links",
  "linker.apply": "Inserting or removing internal links",
};

export function jobTypeName(type: string): string {
  return typeNames[type] ?? type;
}

export const jobStatusTone: Record<JobStatus, Tone> = {
  queued: "gray",
  running: "brand",
  succeeded: "green",
  failed: "red",
  canceled: "amber",
};

export function isActiveJob(status: JobStatus): boolean {
  return status === "queued" || status === "running";
}
