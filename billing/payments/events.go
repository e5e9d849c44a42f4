package payments

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// Event types igny8 acts on; every other type is recorded and ignored.
const (
	evCheckoutCompleted     = "checkout.session.completed"
	evCheckoutAsyncSucceded = "checkout.session.async_payment_succeeded"
	evSubCreated            = "customer.subscription.created"
	evSubUpdated            = "customer.subscription.updated"
	evSubDeleted            = "customer.subscription.deleted"
	evInvoicePaid           = "invoice.paid"
	evInvoiceFailed         = "invoice.payment_failed"
)

// HandledEvents lists the event types to enable on the Stripe webhook endpoint.
var HandledEvents = []string{evCheckoutCompleted, evCheckoutAsyncSucceded, evSubCreated, evSubUpdated, evSubDeleted, evInvoicePaid, evInvoiceFailed}

// dispatch applies ev in tx and says what it did. Handlers act on the state
// the event carries, and an older state than one already applied to the same
// object changes nothing (superseded), so the result does not depend on the
// order Stripe delivers in.
func dispatch(tx core.App, ev stripe.Event, now time.Time) (outcome, error) {
	if ev.Data == nil {
		return outcome{status: collections.BillingEventIgnored, note: "event without data"}, nil
	}
	switch ev.Type {
	case evCheckoutCompleted, evCheckoutAsyncSucceded:
		var s stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &s); err != nil {
			return outcome{}, fmt.Errorf("decode checkout session: %w", err)
		}
		return checkoutCompleted(tx, &s)
	case evSubCreated, evSubUpdated, evSubDeleted:
		var s stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &s); err != nil {
			return outcome{}, fmt.Errorf("decode subscription: %w", err)
		}
		return subscriptionChanged(tx, ev, &s, now)
	case evInvoicePaid, evInvoiceFailed:
		var inv stripe.Invoice
		if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil {
			return outcome{}, fmt.Errorf("decode invoice: %w", err)
		}
		if ev.Type == evInvoicePaid {
			return invoicePaid(tx, ev, &inv)
		}
		return invoiceFailed(tx, ev, &inv, now)
	}
	return outcome{status: collections.BillingEventIgnored, note: "event type not used by igny8", object: objectId(ev)}, nil
}

func customerId(c *stripe.Customer) string {
	if c == nil {
		return ""
	}
	return c.ID
}

func ignored(object, why string) (outcome, error) {
	return outcome{status: collections.BillingEventIgnored, note: why, object: object}, nil
}

func superseded(object, tenant, why string) (outcome, error) {
	return outcome{status: collections.BillingEventSuperseded, note: why, object: object, tenant: tenant}, nil
}

// checkoutCompleted credits a paid credit pack (top-up credits, which never
// expire) once per session, and links the customer to the workspace. A
// subscription's plan and credits come from its own events.
func checkoutCompleted(tx core.App, s *stripe.CheckoutSession) (outcome, error) {
	meta := s.Metadata
	if meta == nil {
		meta = map[string]string{}
	}
	if meta[metaTenant] == "" && s.ClientReferenceID != "" {
		meta[metaTenant] = s.ClientReferenceID
	}
	t, why, err := tenantOf(tx, meta, customerId(s.Customer))
	if err != nil || t == nil {
		if err != nil {
			return outcome{}, err
		}
		return ignored(s.ID, why)
	}
	o := outcome{status: collections.BillingEventProcessed, object: s.ID, tenant: t.Id}
	if err := tx.Save(t); err != nil { // a newly linked customer
		return outcome{}, err
	}
	if s.Mode != stripe.CheckoutSessionModePayment {
		o.note = "subscription checkout; the subscription's events set the plan"
		return o, nil
	}
	pack, ok := PackByCode(meta[metaPack])
	if !ok {
		return ignored(s.ID, "a payment that is not one of igny8's credit packs")
	}
	if s.PaymentStatus != stripe.CheckoutSessionPaymentStatusPaid {
		o.note = "credit pack awaiting payment (" + string(s.PaymentStatus) + ")"
		return o, nil
	}
	applied, err := billing.Topup(tx, t.Id, pack.Credits, "checkout:"+s.ID, pack.Name+" bought (Stripe "+s.ID+")")
	if err != nil {
		return outcome{}, err
	}
	if applied {
		billing.SystemAudit(tx, t.Id, "billing.topup", collections.Tenants, t.Id,
			map[string]any{"pack": pack.Code, "credits": pack.Credits, "session": s.ID})
	}
	o.note = fmt.Sprintf("%d top-up credits", pack.Credits)
	return o, nil
}

func subRank(typ string) int {
	switch typ {
	case evSubCreated:
		return 1
	case evSubUpdated:
		return 2
	case evSubDeleted:
		return 3
	}
	return 0
}

// subscriptionChanged applies a subscription's state to its workspace: the
// plan its price stands for, the subscription id, and the status (active,
// past due). An ended subscription puts the workspace back on Trial; a
// suspended one stays suspended until it pays. A plan change never deletes
// anything: over the new plan's limits, additions are refused and the audit
// entry (and the summary) say what to remove or which plan fits.
func subscriptionChanged(tx core.App, ev stripe.Event, s *stripe.Subscription, now time.Time) (outcome, error) {
	t, why, err := tenantOf(tx, s.Metadata, customerId(s.Customer))
	if err != nil || t == nil {
		if err != nil {
			return outcome{}, err
		}
		return ignored(s.ID, why)
	}
	newer, err := newerApplied(tx, s.ID, ev, subRank)
	if err != nil {
		return outcome{}, err
	}
	if newer {
		return superseded(s.ID, t.Id, "a newer state of this subscription was applied")
	}
	ended := ev.Type == evSubDeleted || s.Status == stripe.SubscriptionStatusCanceled || s.Status == stripe.SubscriptionStatusIncompleteExpired
	current := t.GetString("stripe_subscription_id")
	switching := current != "" && current != s.ID
	if switching && (ended || s.Metadata[metaReplaces] != current) {
		return superseded(s.ID, t.Id, "not the workspace's current subscription")
	}
	o := outcome{status: collections.BillingEventProcessed, object: s.ID, tenant: t.Id}
	status := t.GetString("status")
	if ended {
		trial, err := tx.FindFirstRecordByData(collections.Plans, "code", "trial")
		if err != nil {
			return outcome{}, fmt.Errorf("trial plan: %w", err)
		}
		from := t.GetString("plan")
		t.Set("plan", trial.Id)
		t.Set("stripe_subscription_id", "")
		if status != collections.TenantSuspended {
			t.Set("status", collections.TenantActive)
			t.Set("past_due_since", "")
		}
		// the scheduler's monthly reset takes over from the paid invoices
		if t.GetDateTime("credits_reset_at").Time().Before(now) {
			t.Set("credits_reset_at", now.AddDate(0, 1, 0))
		}
		if err := tx.Save(t); err != nil {
			return outcome{}, err
		}
		fit, err := billing.CheckFit(tx, t.Id, trial)
		if err != nil {
			return outcome{}, err
		}
		billing.SystemAudit(tx, t.Id, "billing.subscription_ended", collections.Tenants, t.Id,
			map[string]any{"subscription": s.ID, "fromPlan": from, "toPlan": "trial", "fit": fit})
		o.note = "subscription ended; back on Trial"
		return o, nil
	}
	if s.Status == stripe.SubscriptionStatusIncomplete {
		o.note = "subscription awaiting its first payment"
		return o, tx.Save(t)
	}
	plan, err := planOfSubscription(tx, s)
	if err != nil {
		return outcome{}, err
	}
	if plan == nil {
		return ignored(s.ID, "the subscription's price is none of igny8's plans (run igny8 billing sync-plans)")
	}
	from := t.GetString("plan")
	t.Set("plan", plan.Id)
	t.Set("stripe_subscription_id", s.ID)
	switch s.Status {
	case stripe.SubscriptionStatusActive, stripe.SubscriptionStatusTrialing:
		if status == collections.TenantPastDue || status == collections.TenantSuspended || status == collections.TenantTrialing {
			t.Set("status", collections.TenantActive)
			t.Set("past_due_since", "")
		}
	case stripe.SubscriptionStatusPastDue, stripe.SubscriptionStatusUnpaid:
		markPastDue(t, now)
	}
	if err := tx.Save(t); err != nil {
		return outcome{}, err
	}
	changes := map[string]any{"subscription": s.ID, "stripeStatus": string(s.Status), "status": t.GetString("status")}
	if from != plan.Id {
		fit, err := billing.CheckFit(tx, t.Id, plan)
		if err != nil {
			return outcome{}, err
		}
		changes["fromPlan"], changes["toPlan"], changes["fit"] = planCode(tx, from), plan.GetString("code"), fit
	}
	billing.SystemAudit(tx, t.Id, "billing.subscription", collections.Tenants, t.Id, changes)
	o.note = fmt.Sprintf("plan %s, subscription %s", plan.GetString("code"), s.Status)
	if switching {
		old := current
		o.note += "; replaces " + old
		o.after = func(app core.App) { cancelReplaced(app, old) }
	}
	return o, nil
}

// markPastDue moves an active workspace to past_due, starting its grace
// period (a suspended one stays suspended).
func markPastDue(t *core.Record, now time.Time) {
	if s := t.GetString("status"); s == collections.TenantSuspended {
		return
	}
	t.Set("status", collections.TenantPastDue)
	if t.GetDateTime("past_due_since").IsZero() {
		t.Set("past_due_since", now)
	}
}

// cancelReplaced cancels the subscription a plan change through Checkout
// replaced. It runs after the commit; a failure is logged (the operator sees
// two subscriptions in Stripe) and never undoes the change.
func cancelReplaced(app core.App, sub string) {
	sc, err := client(app)
	if err != nil {
		return
	}
	params := &stripe.SubscriptionCancelParams{Prorate: stripe.Bool(true)}
	params.SetIdempotencyKey("igny8-replace-" + sub)
	if _, err := sc.V1Subscriptions.Cancel(context.Background(), sub, params); err != nil {
		app.Logger().Error("stripe: canceling the replaced subscription failed; cancel it in the Stripe dashboard", "subscription", sub, "error", err.Error())
	}
}

func planCode(app core.App, id string) string {
	if p, err := app.FindRecordById(collections.Plans, id); err == nil {
		return p.GetString("code")
	}
	return id
}

// planOfSubscription is the plan a subscription's price stands for: by the
// price id sync-plans stored, else by igny8's lookup key.
func planOfSubscription(app core.App, s *stripe.Subscription) (*core.Record, error) {
	if s.Items == nil {
		return nil, nil
	}
	for _, it := range s.Items.Data {
		if it.Price == nil {
			continue
		}
		if p, err := planOfPrice(app, it.Price.ID, it.Price.LookupKey); p != nil || err != nil {
			return p, err
		}
	}
	return nil, nil
}

func planOfPrice(app core.App, priceId, lookupKey string) (*core.Record, error) {
	if priceId != "" {
		if p, err := app.FindFirstRecordByData(collections.Plans, "stripe_price_id", priceId); err == nil {
			return p, nil
		}
	}
	if code, ok := planCodeOfLookupKey(lookupKey); ok {
		if p, err := app.FindFirstRecordByData(collections.Plans, "code", code); err == nil {
			return p, nil
		}
	}
	return nil, nil
}
