package payments

import (
	"fmt"
	"github.com/igny8/igny8/collections"
	"net/http"
	"os"

	"github.com/igny8/igny8/billing"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
)

// Environment variables of the Stripe configuration.
const (
	EnvSecretKey     = "STRIPE_SECRET_KEY"
	EnvWebhookSecret = "STRIPE_WEBHOOK_SECRET"
	// EnvAPIURL points stripe-go at another API base URL (stripe-mock in tests).
	EnvAPIURL = "STRIPE_API_URL"
)

// Config is the Stripe side of one app.
type Config struct {
	SecretKey     string
	WebhookSecret string
	APIURL        string       // "" = Stripe's own
	HTTPClient    *http.Client // nil = stripe-go's default
}

// ConfigFromEnv reads Config from the environment.
func ConfigFromEnv() Config {
	return Config{SecretKey: os.Getenv(EnvSecretKey), WebhookSecret: os.Getenv(EnvWebhookSecret), APIURL: os.Getenv(EnvAPIURL)}
}

type state struct {
	cfg    Config
	client *stripe.Client
}

const storeKey = "igny8.payments"

// Configure sets app's Stripe configuration (Register reads it from the
// environment; tests point it at stripe-mock).
func Configure(app core.App, c Config) {
	s := &state{cfg: c}
	if c.SecretKey != "" {
		bc := &stripe.BackendConfig{HTTPClient: c.HTTPClient, MaxNetworkRetries: stripe.Int64(2)}
		if c.APIURL != "" {
			bc.URL = stripe.String(c.APIURL)
		}
		s.client = stripe.NewClient(c.SecretKey, stripe.WithBackends(stripe.NewBackendsWithConfig(bc)))
	}
	app.Store().Set(storeKey, s)
}

func stateOf(app core.App) *state {
	if s, ok := app.Store().Get(storeKey).(*state); ok {
		return s
	}
	return &state{}
}

// client is app's Stripe client, or billing.ErrNotConfigured without a key.
func client(app core.App) (*stripe.Client, error) {
	if c := stateOf(app).client; c != nil {
		return c, nil
	}
	return nil, billing.ErrNotConfigured
}

// stripeTenant is what the owner routes (checkout, portal, invoices) need
// once the caller's role is checked: the Stripe client (ErrNotConfigured
// without a key) and the workspace's record.
func stripeTenant(app core.App, tenantId string) (*stripe.Client, *core.Record, error) {
	sc, err := client(app)
	if err != nil {
		return nil, nil, err
	}
	tenant, err := app.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return nil, nil, err
	}
	return sc, tenant, nil
}

// stripeError wraps a failed Stripe call in billing.ErrPaymentProvider (502);
// Stripe's own message goes to the log only (it may name ids).
func stripeError(app core.App, what string, err error) error {
	app.Logger().Error("stripe: "+what+" failed", "error", err.Error())
	return fmt.Errorf("%w: %s", billing.ErrPaymentProvider, what)
}
