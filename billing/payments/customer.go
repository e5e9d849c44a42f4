package payments

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// ensureCustomer returns tenant's Stripe customer, creating it on first use.
// The creation carries an idempotency key per workspace, so two checkouts
// racing for a new workspace get one customer; the id is then stored with a
// conditional update that keeps the first one written.
func ensureCustomer(e *core.RequestEvent, sc *stripe.Client, tenant *core.Record) (string, error) {
	if id := tenant.GetString("stripe_customer_id"); id != "" {
		return id, nil
	}
	params := &stripe.CustomerCreateParams{
		Name:     stripe.String(tenant.GetString("name")),
		Metadata: map[string]string{metaTenant: tenant.Id},
	}
	if e.Auth != nil && e.Auth.Collection().Name == collections.Users {
		params.Email = stripe.String(e.Auth.Email())
	}
	params.SetIdempotencyKey("igny8-customer-" + tenant.Id)
	c, err := sc.V1Customers.Create(e.Request.Context(), params)
	if err != nil {
		return "", stripeError(e.App, "create the customer", err)
	}
	if _, err := e.App.DB().NewQuery("UPDATE " + collections.Tenants +
		" SET stripe_customer_id = {:c} WHERE id = {:id} AND stripe_customer_id = ''").
		Bind(dbx.Params{"c": c.ID, "id": tenant.Id}).Execute(); err != nil {
		return "", fmt.Errorf("store customer: %w", err)
	}
	fresh, err := e.App.FindRecordById(collections.Tenants, tenant.Id)
	if err != nil {
		return "", err
	}
	return fresh.GetString("stripe_customer_id"), nil
}
