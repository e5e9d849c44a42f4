// How a site's connection status reads, shared by the list and the site page.
import type { Tone } from "@/components/ui/Badge";
import type { SiteStatus } from "./api";

export const siteStatusText: Record<string, string> = {
  new: "Not checked",
  connected: "Connected",
  degraded: "Degraded",
  error: "Connection failed",
  disconnected: "Disconnected",
};

export const siteStatusTone: Record<string, Tone> = {
  new: "gray",
  connected: "green",
  degraded: "amber",
  error: "red",
  disconnected: "amber",
};

export function statusText(s: SiteStatus) {
  return siteStatusText[s || "new"] ?? s;
}

export function statusTone(s: SiteStatus): Tone {
  return siteStatusTone[s || "new"] ?? "gray";
}
