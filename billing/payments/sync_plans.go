package payments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
	"github.com/stripe/stripe-go/v84"
)

// SyncResult counts what SyncPlans did at Stripe.
type SyncResult struct {
	ProductsCreated int
	ProductsUpdated int
	PricesCreated   int
	Unchanged       int
}

// item is one thing sold: a plan (monthly) or a credit pack (one-time).
type item struct {
	product, name, lookupKey string
	cents                    int64
	monthly                  bool
	plan                     *core.Record // nil for a pack
}

// SyncPlans creates or updates, idempotently, a Stripe product and price for
// every active plan with a price (Enterprise is priced by contract: by hand)
// and every credit pack. Products have fixed ids (igny8_plan_<code>,
// igny8_pack_<code>); prices are found by lookup key. A price whose amount
// changed is replaced by a new one that takes over the lookup key (Stripe
// prices are immutable; existing subscriptions keep the old one until they
// change plan). Each plan record keeps its current price id. Running it twice
// changes nothing the second time.
func SyncPlans(ctx context.Context, app core.App) (SyncResult, error) {
	var res SyncResult
	sc, err := client(app)
	if err != nil {
		return res, err
	}
	plans, err := app.FindRecordsByFilter(collections.Plans, "active = true && custom = false && price_usd > 0", "sort", 0, 0)
	if err != nil {
		return res, fmt.Errorf("plans: %w", err)
	}
	var items []item
	for _, p := range plans {
		code := p.GetString("code")
		items = append(items, item{product: lookupPlanPrefix + code, name: "igny8 " + p.GetString("name"), lookupKey: planLookupKey(code),
			cents: int64(math.Round(p.GetFloat("price_usd") * 100)), monthly: true, plan: p})
	}
	for _, pk := range Packs {
		items = append(items, item{product: lookupPackPrefix + pk.Code, name: "igny8 " + pk.Name, lookupKey: packLookupKey(pk.Code),
			cents: int64(pk.PriceUSD) * 100})
	}
	for _, it := range items {
		price, err := syncItem(ctx, sc, it, &res)
		if err != nil {
			return res, fmt.Errorf("%s: %w", it.lookupKey, err)
		}
		if it.plan != nil && it.plan.GetString("stripe_price_id") != price {
			it.plan.Set("stripe_price_id", price)
			if err := app.Save(it.plan); err != nil {
				return res, fmt.Errorf("store price of %s: %w", it.plan.GetString("code"), err)
			}
		}
	}
	return res, nil
}

func syncItem(ctx context.Context, sc *stripe.Client, it item, res *SyncResult) (string, error) {
	prod, err := sc.V1Products.Retrieve(ctx, it.product, nil)
	var se *stripe.Error
	switch {
	case errors.As(err, &se) && se.HTTPStatusCode == http.StatusNotFound:
		if _, err := sc.V1Products.Create(ctx, &stripe.ProductCreateParams{ID: stripe.String(it.product), Name: stripe.String(it.name),
			Metadata: map[string]string{"igny8": "true"}}); err != nil {
			return "", fmt.Errorf("create product: %w", err)
		}
		res.ProductsCreated++
	case err != nil:
		return "", fmt.Errorf("product: %w", err)
	case prod.Name != it.name || !prod.Active:
		if _, err := sc.V1Products.Update(ctx, it.product, &stripe.ProductUpdateParams{Name: stripe.String(it.name), Active: stripe.Bool(true)}); err != nil {
			return "", fmt.Errorf("update product: %w", err)
		}
		res.ProductsUpdated++
	}
	params := &stripe.PriceListParams{LookupKeys: stripe.StringSlice([]string{it.lookupKey}), Active: stripe.Bool(true)}
	params.Limit = stripe.Int64(1)
	for p, err := range sc.V1Prices.List(ctx, params) {
		if err != nil {
			return "", fmt.Errorf("find price: %w", err)
		}
		if p.UnitAmount == it.cents && p.Currency == stripe.CurrencyUSD && (p.Recurring != nil) == it.monthly &&
			(!it.monthly || p.Recurring.Interval == stripe.PriceRecurringIntervalMonth) {
			res.Unchanged++
			return p.ID, nil
		}
		break
	}
	create := &stripe.PriceCreateParams{Product: stripe.String(it.product), Currency: stripe.String(string(stripe.CurrencyUSD)),
		UnitAmount: stripe.Int64(it.cents), LookupKey: stripe.String(it.lookupKey), TransferLookupKey: stripe.Bool(true),
		Nickname: stripe.String(it.name)}
	if it.monthly {
		create.Recurring = &stripe.PriceCreateRecurringParams{Interval: stripe.String(string(stripe.PriceRecurringIntervalMonth))}
	}
	p, err := sc.V1Prices.Create(ctx, create)
	if err != nil {
		return "", fmt.Errorf("create price: %w", err)
	}
	res.PricesCreated++
	return p.ID, nil
}

// NewBillingCommand returns `igny8 billing` with `sync-plans`.
func NewBillingCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "billing", Short: "Stripe billing tasks"}
	cmd.AddCommand(&cobra.Command{
		Use:          "sync-plans",
		Short:        "Create or update the Stripe products and prices of the plans and credit packs (idempotent)",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			ctx := c.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := SyncPlans(ctx, app)
			if err != nil {
				return err
			}
			printSync(c.OutOrStdout(), res)
			return nil
		},
	})
	return cmd
}

func printSync(w io.Writer, r SyncResult) {
	fmt.Fprintf(w, "OK: %d products created, %d updated, %d prices created, %d unchanged\n",
		r.ProductsCreated, r.ProductsUpdated, r.PricesCreated, r.Unchanged)
}
