package payments

import (
	"net/http"
	"strings"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// checkoutBody asks for a plan (subscribe, upgrade, downgrade) or a credit pack.
type checkoutBody struct {
	Plan string `json:"plan"`
	Pack string `json:"pack"`
}

// checkoutRoute (owner) creates a Stripe Checkout Session and answers its URL.
// A workspace with a subscription that picks another plan gets a new
// subscription whose metadata names the one it replaces; the webhook cancels
// the old one once the new one is paid. A suspended workspace may check out:
// paying is how it resumes. Plan limits are not a reason to refuse a
// downgrade: the answer carries the fit (what to remove), and afterwards only
// additions are refused.
func checkoutRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.Require(e.App, e.Auth, tenantId, collections.RoleOwner); err != nil {
		return err
	}
	var body checkoutBody
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("Invalid body.", err)
	}
	if (body.Plan == "") == (body.Pack == "") {
		return validation.Errors{"plan": validation.NewError("igny8_plan_or_pack", "Name exactly one of plan or pack.")}
	}
	sc, tenant, err := stripeTenant(e.App, tenantId)
	if err != nil {
		return err
	}
	base := billingPage(e.App, tenant)
	params := &stripe.CheckoutSessionCreateParams{
		ClientReferenceID: stripe.String(tenant.Id),
		SuccessURL:        stripe.String(base + "?checkout=success&session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:         stripe.String(base + "?checkout=canceled"),
		Metadata:          map[string]string{metaTenant: tenant.Id},
	}
	answer := map[string]any{}
	var audit map[string]any
	if body.Plan != "" {
		plan, err := e.App.FindFirstRecordByData(collections.Plans, "code", body.Plan)
		if err != nil || !plan.GetBool("active") {
			return validation.Errors{"plan": validation.NewError("igny8_unknown_plan", "No such plan.")}
		}
		if plan.GetBool("custom") {
			return validation.Errors{"plan": validation.NewError("igny8_custom_plan", "This plan is priced by contract: contact the operator.")}
		}
		price := plan.GetString("stripe_price_id")
		if price == "" {
			return &tenancy.StateError{Msg: "This plan has no Stripe price yet: the operator runs `igny8 billing sync-plans`."}
		}
		fit, err := billing.CheckFit(e.App, tenant.Id, plan)
		if err != nil {
			return err
		}
		answer["fit"] = fit
		params.Mode = stripe.String(string(stripe.CheckoutSessionModeSubscription))
		params.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}}
		params.Metadata[metaPlan] = plan.GetString("code")
		subMeta := map[string]string{metaTenant: tenant.Id, metaPlan: plan.GetString("code")}
		if old := tenant.GetString("stripe_subscription_id"); old != "" {
			subMeta[metaReplaces] = old
		}
		params.SubscriptionData = &stripe.CheckoutSessionCreateSubscriptionDataParams{Metadata: subMeta}
		audit = map[string]any{"plan": plan.GetString("code"), "overLimits": fit.Over()}
	} else {
		pack, ok := PackByCode(body.Pack)
		if !ok {
			return validation.Errors{"pack": validation.NewError("igny8_unknown_pack", "No such credit pack.")}
		}
		price, err := priceByLookupKey(e, sc, packLookupKey(pack.Code))
		if err != nil {
			return err
		}
		params.Mode = stripe.String(string(stripe.CheckoutSessionModePayment))
		params.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}}
		params.Metadata[metaPack] = pack.Code
		params.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{
			Metadata: map[string]string{metaTenant: tenant.Id, metaPack: pack.Code}}
		audit = map[string]any{"pack": pack.Code, "credits": pack.Credits}
	}
	customer, err := ensureCustomer(e, sc, tenant)
	if err != nil {
		return err
	}
	params.Customer = stripe.String(customer)
	s, err := sc.V1CheckoutSessions.Create(e.Request.Context(), params)
	if err != nil {
		return stripeError(e.App, "start the checkout", err)
	}
	audit["session"] = s.ID
	hooks.Audit(e.App, e.Auth, tenant.Id, "billing.checkout", tenant, audit)
	answer["url"], answer["id"] = s.URL, s.ID
	return e.JSON(http.StatusOK, answer)
}

// billingPage is the web app's Billing page of tenant (Checkout and the
// portal return there): <Application URL>/t/<slug>/billing.
func billingPage(app core.App, tenant *core.Record) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/t/" + tenant.GetString("slug") + "/billing"
}

// priceByLookupKey finds the active Stripe price igny8 created for key.
func priceByLookupKey(e *core.RequestEvent, sc *stripe.Client, key string) (string, error) {
	params := &stripe.PriceListParams{LookupKeys: stripe.StringSlice([]string{key}), Active: stripe.Bool(true)}
	params.Limit = stripe.Int64(1)
	for p, err := range sc.V1Prices.List(e.Request.Context(), params) {
		if err != nil {
			return "", stripeError(e.App, "find the price", err)
		}
		return p.ID, nil
	}
	return "", &tenancy.StateError{Msg: "This credit pack has no Stripe price yet: the operator runs `igny8 billing sync-plans`."}
}
