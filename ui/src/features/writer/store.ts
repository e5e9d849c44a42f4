// The Writer's UI state (never server data): the tasks checked for a bulk generate.
import { createModuleStore } from "@/stores/createModuleStore";

export interface WriterUi {
  selectedTasks: string[];
}

export const useWriterStore = createModuleStore<WriterUi>("writer", { selectedTasks: [] });
