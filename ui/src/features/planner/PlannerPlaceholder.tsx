import { PageHeader } from "@/components/PageHeader";
import { EmptyState } from "@/components/States";

export function PlannerPlaceholder({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="The Planner pages are being built" />
    </>
  );
}
