import { QueryClient } from "@tanstack/react-query";
import { ClientResponseError } from "pocketbase";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => {
        // 4xx answers will not change by asking again.
        if (err instanceof ClientResponseError && err.status >= 400 && err.status < 500) return false;
        return count < 2;
      },
    },
    mutations: { retry: false },
  },
});
