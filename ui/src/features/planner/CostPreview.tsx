// The cost line every spending action shows before the click: "≈ 12 credits · balance
// 25 → 13", from the server's figures (the cost table or the estimate route). When the
// workspace is short the action is disabled and this says why and where to get credits.
import { Link } from "react-router";
import { useTenant } from "@/app/shellApi";
import { formatNumber } from "@/lib/format";

/** The workspace's live balance (plan + top-up credits), undefined while loading. */
export function useBalance(tenant: string): number | undefined {
  const t = useTenant(tenant).data;
  return t ? (t.plan_credits ?? 0) + (t.topup_credits ?? 0) : undefined;
}

export interface Cost {
  need: number | undefined;
  balance: number | undefined;
}

/** Whether an action costing c can run now (unknown figures never block: the server decides). */
export function affordable(c: Cost): boolean {
  return c.need === undefined || c.balance === undefined || c.balance >= c.need;
}

/** The reason a spending action is disabled, or undefined. */
export function shortReason(c: Cost): string | undefined {
  if (affordable(c)) return undefined;
  return `Not enough credits: this needs ${formatNumber(c.need)}, the workspace has ${formatNumber(c.balance)}.`;
}

export function CostPreview({ need, balance, slug, id }: Cost & { slug: string; id?: string }) {
  if (need === undefined) {
    return (
      <p id={id} className="text-xs text-gray-600 dark:text-gray-400" data-testid="cost-preview">
        Working out the cost…
      </p>
    );
  }
  const reason = shortReason({ need, balance });
  return (
    <div id={id} data-testid="cost-preview" className="text-xs">
      <p className="text-gray-700 tabular-nums dark:text-gray-300">
        ≈ {formatNumber(need)} credit{need === 1 ? "" : "s"}
        {balance !== undefined && (
          <>
            {" "}
            · balance {formatNumber(balance)} → {formatNumber(balance - need)}
          </>
        )}
      </p>
      {reason && (
        <p className="mt-0.5 text-red-700 dark:text-red-400">
          {reason}{" "}
          <Link className="font-medium underline" to={`/t/${slug}/billing`}>
            Get credits in Billing
          </Link>
        </p>
      )}
    </div>
  );
}
