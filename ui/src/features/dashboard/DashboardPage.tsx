import { PageHeader } from "@/components/PageHeader";
import { useWorkspace } from "@/hooks/useWorkspace";

export function DashboardPage() {
  const ws = useWorkspace();
  return <PageHeader title="Dashboard" description={ws.name} />;
}
