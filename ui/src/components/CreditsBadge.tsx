import { Coins } from "lucide-react";
import { Link } from "react-router";
import { useTenant } from "@/app/shellApi";
import { formatDate, formatNumber } from "@/lib/format";

/** Credits left (plan + top-up), live through the workspace record's realtime updates. */
export function CreditsBadge({ tenant, slug }: { tenant: string; slug: string }) {
  const q = useTenant(tenant);
  const t = q.data;
  const total = t ? (t.plan_credits ?? 0) + (t.topup_credits ?? 0) : undefined;
  const title = t ? `${formatNumber(t.plan_credits)} plan credits (reset ${formatDate(t.credits_reset_at)}) + ${formatNumber(t.topup_credits)} top-up` : "Credits";
  return (
    <Link
      to={`/t/${slug}/dashboard`}
      title={title}
      data-testid="credits-badge"
      className={
        "inline-flex h-10 items-center gap-1.5 rounded-lg px-2 text-sm font-medium tabular-nums hover:bg-gray-100 dark:hover:bg-gray-800 " +
        (total === 0 ? "text-red-700 dark:text-red-400" : "text-gray-800 dark:text-gray-100")
      }
    >
      <Coins className="size-4" aria-hidden="true" />
      {t ? formatNumber(total) : "…"}
      <span className="sr-only sm:not-sr-only sm:text-gray-600 sm:dark:text-gray-400">credits</span>
    </Link>
  );
}
