import { PageHeader } from "@/components/PageHeader";
import { EmptyState } from "@/components/States";

/** Modules of part 2 of the web app (Writer, Thinker, Sites, Team, Billing, Settings). */
export function SoonPage({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <EmptyState title={`${title} arrives in the next version of the app`} body={`${what} Until then it works through the API (docs/API.md) and the admin UI.`} />
      </div>
    </>
  );
}
