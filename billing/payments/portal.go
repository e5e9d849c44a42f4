package payments

import (
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// portalRoute (owner) opens a Stripe Customer Portal session: payment
// methods, invoices, cancellation, all on Stripe's pages. Allowed for a
// suspended workspace (updating the card is how it resumes).
func portalRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.Require(e.App, e.Auth, tenantId, collections.RoleOwner); err != nil {
		return err
	}
	sc, tenant, err := stripeTenant(e.App, tenantId)
	if err != nil {
		return err
	}
	customer, err := ensureCustomer(e, sc, tenant)
	if err != nil {
		return err
	}
	s, err := sc.V1BillingPortalSessions.Create(e.Request.Context(), &stripe.BillingPortalSessionCreateParams{
		Customer:  stripe.String(customer),
		ReturnURL: stripe.String(billingPage(e.App, tenant)),
	})
	if err != nil {
		return stripeError(e.App, "open the customer portal", err)
	}
	hooks.Audit(e.App, e.Auth, tenant.Id, "billing.portal", tenant, map[string]any{"session": s.ID})
	return e.JSON(http.StatusOK, map[string]any{"url": s.URL})
}
