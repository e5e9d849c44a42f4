// The Planner's UI state (never server data): which keywords are checked, whether
// "all N matching" is chosen. One store per module, the shared shape (seed §3.4).
import { createModuleStore } from "@/stores/createModuleStore";

export interface PlannerUi {
  /** Checked keyword ids on the current page. */
  selected: string[];
  /** The user chose every keyword matching the filter, not just the checked rows. */
  allMatching: boolean;
  /** Checked idea ids on the ideas page. */
  selectedIdeas: string[];
}

export const usePlannerStore = createModuleStore<PlannerUi>("planner", { selected: [], allMatching: false, selectedIdeas: [] });
