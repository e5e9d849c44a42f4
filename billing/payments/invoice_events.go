package payments

import (
	"fmt"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// subscriptionOf is the subscription an invoice was issued for and the
// metadata igny8 put on it ("" for one-off invoices).
func subscriptionOf(inv *stripe.Invoice) (string, map[string]string) {
	if inv.Parent == nil || inv.Parent.SubscriptionDetails == nil {
		return "", nil
	}
	d := inv.Parent.SubscriptionDetails
	id := ""
	if d.Subscription != nil {
		id = d.Subscription.ID
	}
	return id, d.Metadata
}

// invoicePeriod is the subscription period an invoice pays for: the latest
// end among its lines (the invoice's own period_end is the previous period's
// for a renewal), and the plan its lines' prices stand for.
func invoicePeriod(app core.App, inv *stripe.Invoice) (end time.Time, plan *core.Record, err error) {
	var last int64
	if inv.Lines != nil {
		for _, l := range inv.Lines.Data {
			if l.Period != nil && l.Period.End > last {
				last = l.Period.End
			}
			if l.Pricing != nil && l.Pricing.PriceDetails != nil && plan == nil {
				if plan, err = planOfPrice(app, l.Pricing.PriceDetails.Price, ""); err != nil {
					return end, nil, err
				}
			}
		}
	}
	if last == 0 {
		last = inv.PeriodEnd
	}
	return unix(last), plan, nil
}

// invoicePaid owns the monthly reset of a subscribed workspace: the plan
// credits are set to the paid plan's monthly credits (unused ones lapse; top-up
// credits never change) as one ledger entry keyed by the invoice id, the
// workspace is active again, and paid_through moves to the period's end. An
// invoice for a period that is not newer than the one already paid for
// changes nothing, whatever order the events came in.
func invoicePaid(tx core.App, ev stripe.Event, inv *stripe.Invoice) (outcome, error) {
	sub, meta := subscriptionOf(inv)
	if sub == "" {
		return ignored(inv.ID, "not a subscription invoice")
	}
	t, why, err := tenantOf(tx, meta, customerId(inv.Customer))
	if err != nil || t == nil {
		if err != nil {
			return outcome{}, err
		}
		return ignored(inv.ID, why)
	}
	end, plan, err := invoicePeriod(tx, inv)
	if err != nil {
		return outcome{}, err
	}
	if through := t.GetDateTime("paid_through").Time(); !through.IsZero() && !end.After(through) {
		return superseded(inv.ID, t.Id, "this period was already paid for")
	}
	if plan == nil {
		if plan, err = tx.FindRecordById(collections.Plans, t.GetString("plan")); err != nil {
			return outcome{}, fmt.Errorf("plan of %s: %w", t.Id, err)
		}
	}
	was := t.GetString("status")
	monthly := plan.GetInt("monthly_credits")
	if _, err := billing.Append(tx, billing.Entry{Tenant: t.Id, Kind: collections.LedgerGrant,
		PlanDelta: monthly - t.GetInt("plan_credits"),
		Note:      fmt.Sprintf("invoice %s paid: plan credits reset to %d (%s)", inv.ID, monthly, plan.GetString("name")),
		Key:       "invoice:" + inv.ID}); err != nil {
		return outcome{}, err
	}
	// Append moved the balance with SQL: read the row again before saving it
	t, err = tx.FindRecordById(collections.Tenants, t.Id)
	if err != nil {
		return outcome{}, err
	}
	t.Set("plan", plan.Id)
	t.Set("paid_through", end)
	t.Set("credits_reset_at", end)
	if t.GetString("stripe_subscription_id") == "" {
		t.Set("stripe_subscription_id", sub)
	}
	t.Set("status", collections.TenantActive)
	t.Set("past_due_since", "")
	if err := tx.Save(t); err != nil {
		return outcome{}, err
	}
	billing.SystemAudit(tx, t.Id, "billing.invoice_paid", collections.Tenants, t.Id, map[string]any{
		"invoice": inv.ID, "amountPaid": inv.AmountPaid, "currency": string(inv.Currency), "plan": plan.GetString("code"),
		"planCredits": monthly, "paidThrough": end.Format(time.RFC3339), "statusBefore": was})
	return outcome{status: collections.BillingEventProcessed, object: inv.ID, tenant: t.Id,
		note: fmt.Sprintf("plan credits reset to %d; paid through %s", monthly, end.Format(time.DateOnly))}, nil
}

// invoiceFailed puts the workspace in past_due (writes keep working with a
// warning) and starts the grace period after which the scheduler suspends it.
// A failure reported for an invoice that was paid meanwhile, or for a period
// already paid for, changes nothing.
func invoiceFailed(tx core.App, ev stripe.Event, inv *stripe.Invoice, now time.Time) (outcome, error) {
	sub, meta := subscriptionOf(inv)
	if sub == "" {
		return ignored(inv.ID, "not a subscription invoice")
	}
	t, why, err := tenantOf(tx, meta, customerId(inv.Customer))
	if err != nil || t == nil {
		if err != nil {
			return outcome{}, err
		}
		return ignored(inv.ID, why)
	}
	paid, err := tx.CountRecords(collections.BillingEvents, dbx.HashExp{"object_id": inv.ID, "type": evInvoicePaid,
		"status": collections.BillingEventProcessed})
	if err != nil {
		return outcome{}, err
	}
	end, _, err := invoicePeriod(tx, inv)
	if err != nil {
		return outcome{}, err
	}
	if through := t.GetDateTime("paid_through").Time(); paid > 0 || (!through.IsZero() && !end.After(through)) {
		return superseded(inv.ID, t.Id, "the invoice or its period was paid")
	}
	was := t.GetString("status")
	markPastDue(t, now)
	if err := tx.Save(t); err != nil {
		return outcome{}, err
	}
	billing.SystemAudit(tx, t.Id, "billing.payment_failed", collections.Tenants, t.Id, map[string]any{
		"invoice": inv.ID, "attempt": inv.AttemptCount, "statusBefore": was, "status": t.GetString("status"),
		"suspendsAfter": t.GetDateTime("past_due_since").Time().Add(billing.Grace()).Format(time.RFC3339)})
	return outcome{status: collections.BillingEventProcessed, object: inv.ID, tenant: t.Id,
		note: "payment failed; workspace " + t.GetString("status")}, nil
}
