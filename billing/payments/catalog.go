package payments

import "strings"

// Pack is a one-time credit pack: top-up credits that never expire.
type Pack struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Credits  int    `json:"credits"`
	PriceUSD int    `json:"priceUsd"` // whole dollars
}

// Packs is the one table of credit packs; `igny8 billing sync-plans` creates
// their Stripe prices, the checkout route sells them and the webhook credits
// them from this table (never from numbers in an event).
var Packs = []Pack{
	{Code: "credits_100", Name: "100 credits", Credits: 100, PriceUSD: 10},
	{Code: "credits_500", Name: "500 credits", Credits: 500, PriceUSD: 45},
	{Code: "credits_2000", Name: "2,000 credits", Credits: 2000, PriceUSD: 160},
}

// PackByCode finds a pack.
func PackByCode(code string) (Pack, bool) {
	for _, p := range Packs {
		if p.Code == code {
			return p, true
		}
	}
	return Pack{}, false
}

// Stripe lookup keys and metadata keys igny8 owns. Prices are found by lookup
// key, so sync-plans is idempotent and a plan's price can be replaced (a new
// amount) while the key moves to the new price.
const (
	lookupPlanPrefix = "igny8_plan_"
	lookupPackPrefix = "igny8_pack_"
	// metaTenant names the workspace on every object igny8 creates at Stripe
	// (customer, checkout session, subscription, payment).
	metaTenant = "igny8_tenant"
	metaPlan   = "igny8_plan"
	metaPack   = "igny8_pack"
	// metaReplaces names the subscription a new one replaces (a plan change
	// through Checkout): it is canceled once the new one is paid for.
	metaReplaces = "igny8_replaces"
)

func planLookupKey(code string) string { return lookupPlanPrefix + code }
func packLookupKey(code string) string { return lookupPackPrefix + code }

// planCodeOfLookupKey is the plan code of one of igny8's plan lookup keys.
func planCodeOfLookupKey(key string) (string, bool) {
	return strings.CutPrefix(key, lookupPlanPrefix)
}
