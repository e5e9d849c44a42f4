// The Billing page below /t/:slug/billing (its own chunk, loaded when first visited).
import type { RouteObject } from "react-router";
import { PageLoading } from "@/components/States";

export const billingRoutes: RouteObject[] = [
  { index: true, hydrateFallbackElement: <PageLoading />, lazy: async () => ({ Component: (await import("./BillingPage")).BillingPage }) },
];
