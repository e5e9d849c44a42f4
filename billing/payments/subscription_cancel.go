package payments

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// CancelSubscription cancels the workspace's Stripe subscription at once
// (deleting a workspace: nobody should be billed for it afterwards). Without
// a subscription it does nothing; with one but no Stripe key (self-hosted
// after all) it logs and does nothing, since nothing here can bill. A failed
// call is ErrPaymentProvider, so the caller stops before deleting. The
// idempotency key makes a retried delete cancel once.
func CancelSubscription(ctx context.Context, app core.App, tenant *core.Record) error {
	sub := tenant.GetString("stripe_subscription_id")
	if sub == "" {
		return nil
	}
	sc, err := client(app)
	if err != nil {
		app.Logger().Warn("stripe: a deleted workspace had a subscription but Stripe is not configured; cancel it in the Stripe dashboard", "tenant", tenant.Id, "subscription", sub)
		return nil
	}
	params := &stripe.SubscriptionCancelParams{Prorate: stripe.Bool(true)}
	params.SetIdempotencyKey("igny8-delete-" + tenant.Id + "-" + sub)
	if _, err := sc.V1Subscriptions.Cancel(ctx, sub, params); err != nil {
		return stripeError(app, "canceling the subscription", err)
	}
	return nil
}
