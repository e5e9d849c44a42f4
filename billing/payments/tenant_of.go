package payments

import (
	"database/sql"
	"errors"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// tenantOf finds the workspace an object belongs to: the workspace its
// metadata names (igny8 sets it on everything it creates), checked against
// the workspace that owns the Stripe customer, or that workspace alone. It
// returns nil and why when the object belongs to no workspace or the two
// disagree: such an event touches nothing, so an event about workspace X
// can never change workspace Y.
func tenantOf(app core.App, meta map[string]string, customer string) (*core.Record, string, error) {
	var byCustomer *core.Record
	if customer != "" {
		t, err := app.FindFirstRecordByData(collections.Tenants, "stripe_customer_id", customer)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, "", err
		}
		byCustomer = t
	}
	id := meta[metaTenant]
	if id == "" {
		if byCustomer == nil {
			return nil, "no workspace has this customer", nil
		}
		return byCustomer, "", nil
	}
	if byCustomer != nil && byCustomer.Id != id {
		return nil, "the customer belongs to another workspace than the metadata names", nil
	}
	t, err := app.FindRecordById(collections.Tenants, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "the workspace the metadata names does not exist", nil
	}
	if err != nil {
		return nil, "", err
	}
	if have := t.GetString("stripe_customer_id"); have != "" && customer != "" && have != customer {
		return nil, "the workspace has another Stripe customer", nil
	}
	if t.GetString("stripe_customer_id") == "" && customer != "" {
		t.Set("stripe_customer_id", customer)
	}
	return t, "", nil
}
