package payments

import (
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// invoiceItem is the part of a Stripe invoice the app shows.
type invoiceItem struct {
	Id         string `json:"id"`
	Number     string `json:"number"`
	Status     string `json:"status"`
	Total      int64  `json:"total"` // in the currency's smallest unit
	AmountPaid int64  `json:"amountPaid"`
	Currency   string `json:"currency"`
	Created    int64  `json:"created"` // unix seconds
	HostedURL  string `json:"hostedUrl"`
	PDF        string `json:"pdf"`
}

// maxInvoices is how many recent invoices the route lists (the portal has all).
const maxInvoices = 24

// invoicesRoute (owner) lists the workspace's latest invoices from Stripe.
func invoicesRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.Require(e.App, e.Auth, tenantId, collections.RoleOwner); err != nil {
		return err
	}
	sc, tenant, err := stripeTenant(e.App, tenantId)
	if err != nil {
		return err
	}
	items := []invoiceItem{}
	customer := tenant.GetString("stripe_customer_id")
	if customer == "" {
		return e.JSON(http.StatusOK, map[string]any{"items": items})
	}
	params := &stripe.InvoiceListParams{Customer: stripe.String(customer)}
	params.Limit = stripe.Int64(maxInvoices)
	for inv, err := range sc.V1Invoices.List(e.Request.Context(), params) {
		if err != nil {
			return stripeError(e.App, "list the invoices", err)
		}
		items = append(items, invoiceItem{Id: inv.ID, Number: inv.Number, Status: string(inv.Status), Total: inv.Total,
			AmountPaid: inv.AmountPaid, Currency: string(inv.Currency), Created: inv.Created,
			HostedURL: inv.HostedInvoiceURL, PDF: inv.InvoicePDF})
		if len(items) == maxInvoices {
			break
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items})
}
