package payments_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/billing/payments"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stripe/stripe-go/v84"
	"github.com/stripe/stripe-go/v84/webhook"
)

const (
	webhookSecret = "whsec_igny8_test"
	appURL        = "https://app.example.com"
)

// call is one request igny8 sent to Stripe, as the recording proxy saw it.
type call struct {
	Method, Path string
	Form         url.Values // the form body, or the query of a GET
}

// recorder is a reverse proxy in front of stripe-mock that keeps every
// request: stripe-mock keeps no state and answers canned objects, so what a
// test can check is what igny8 asked for.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

func (r *recorder) take() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

// find returns the recorded calls to method path.
func find(calls []call, method, path string) []call {
	var out []call
	for _, c := range calls {
		if c.Method == method && c.Path == path {
			out = append(out, c)
		}
	}
	return out
}

func stripeMockURL(t testing.TB) string {
	u := os.Getenv("IGNY8_TEST_STRIPE_URL")
	if u == "" {
		t.Fatal("IGNY8_TEST_STRIPE_URL is not set: run `bash scripts/test-setup.sh` and source .test-env (stripe-mock)")
	}
	return u
}

// env is one test app with Stripe configured against stripe-mock behind
// the recorder, a hand clock for the jobs clock, and the app's real router.
type env struct {
	t     testing.TB
	app   *tests.TestApp
	mux   http.Handler
	rec   *recorder
	clock *testapp.Clock
	seq   atomic.Int64
}

func newEnv(t testing.TB) *env {
	t.Helper()
	app := testapp.New(t)
	target, err := url.Parse(stripeMockURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		if r.Method == http.MethodGet || len(body) == 0 {
			form = r.URL.Query()
		}
		rec.mu.Lock()
		rec.calls = append(rec.calls, call{Method: r.Method, Path: r.URL.Path, Form: form})
		rec.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	payments.Configure(app, payments.Config{SecretKey: "sk_test_123", WebhookSecret: webhookSecret, APIURL: srv.URL})
	app.Settings().Meta.AppURL = appURL
	clock := testapp.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	jobs.SetClock(app, clock)
	for _, code := range []string{"trial", "starter", "pro", "agency"} {
		p, err := app.FindFirstRecordByData(collections.Plans, "code", code)
		if err != nil {
			t.Fatal(err)
		}
		p.Set("stripe_price_id", "price_"+code)
		if err := app.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	return &env{t: t, app: app, mux: testapp.Mux(t, app), rec: rec, clock: clock}
}

// do sends one request through the app's router.
func (e *env) do(method, path, auth, body string, header map[string]string) (int, map[string]any, http.Header) {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, req)
	var out map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &out)
	return w.Code, out, w.Result().Header
}

func (e *env) owner(ws string) string { return testapp.Token(e.t, e.app, ws, collections.RoleOwner) }

// event builds a Stripe event around obj, created at the given unix second.
func (e *env) event(typ string, created int64, obj map[string]any) []byte {
	ev := map[string]any{"id": fmt.Sprintf("evt_test_%d_%d", time.Now().UnixNano(), e.seq.Add(1)), "object": "event",
		"api_version": stripe.APIVersion, "created": created, "type": typ, "livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": obj}}
	b, err := json.Marshal(ev)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// send posts payload to the webhook signed with the test secret.
func (e *env) send(payload []byte) (int, map[string]any) {
	e.t.Helper()
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: webhookSecret, Timestamp: time.Now()})
	status, body, _ := e.do(http.MethodPost, "/api/igny8/billing/webhook", "", string(payload), map[string]string{"Stripe-Signature": sig.Header})
	return status, body
}

// mustSend sends and expects 200 with the given billing event status.
func (e *env) mustSend(payload []byte, want string) map[string]any {
	e.t.Helper()
	status, body := e.send(payload)
	if status != http.StatusOK || body["status"] != want {
		e.t.Fatalf("webhook: want 200 %s, got %d %v", want, status, body)
	}
	return body
}

// verify is `credits verify`: every balance equals its ledger sum.
func (e *env) verify() {
	e.t.Helper()
	bad, err := billing.Verify(e.app)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(bad) > 0 {
		e.t.Fatalf("credits verify: %v", bad)
	}
}

func (e *env) tenant(ws string) *core.Record {
	e.t.Helper()
	t, err := e.app.FindRecordById(collections.Tenants, testapp.TenantId(ws))
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

func (e *env) set(ws string, fields map[string]any) {
	e.t.Helper()
	t := e.tenant(ws)
	for k, v := range fields {
		t.Set(k, v)
	}
	if err := e.app.Save(t); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) planCode(ws string) string {
	p, err := e.app.FindRecordById(collections.Plans, e.tenant(ws).GetString("plan"))
	if err != nil {
		e.t.Fatal(err)
	}
	return p.GetString("code")
}

// Stripe objects as the events carry them (only the fields igny8 reads).

func subscription(id, ws, customer, status, plan string, extraMeta map[string]string) map[string]any {
	meta := map[string]any{"igny8_tenant": testapp.TenantId(ws)}
	for k, v := range extraMeta {
		meta[k] = v
	}
	return map[string]any{"id": id, "object": "subscription", "customer": customer, "status": status, "metadata": meta,
		"items": map[string]any{"object": "list", "data": []any{map[string]any{"id": "si_" + id, "object": "subscription_item",
			"price": map[string]any{"id": "price_" + plan, "object": "price", "lookup_key": "igny8_plan_" + plan}}}}}
}

func invoice(id, ws, customer, sub, plan string, periodEnd time.Time) map[string]any {
	return map[string]any{"id": id, "object": "invoice", "customer": customer, "status": "paid", "amount_paid": 3900, "currency": "usd",
		"attempt_count": 1,
		"parent": map[string]any{"type": "subscription_details", "subscription_details": map[string]any{
			"subscription": sub, "metadata": map[string]any{"igny8_tenant": testapp.TenantId(ws)}}},
		"lines": map[string]any{"object": "list", "data": []any{map[string]any{"id": "il_" + id, "object": "line_item",
			"period":  map[string]any{"start": periodEnd.AddDate(0, -1, 0).Unix(), "end": periodEnd.Unix()},
			"pricing": map[string]any{"type": "price_details", "price_details": map[string]any{"price": "price_" + plan, "product": "prod_x"}}}}}}
}

func (e *env) ledgerCount(ws string) int64 {
	n, err := e.app.CountRecords(collections.CreditLedger, dbxTenant(ws))
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func dbxTenant(ws string) dbx.Expression { return dbx.HashExp{"tenant": testapp.TenantId(ws)} }

func dbxAction(a string) dbx.Expression { return dbx.HashExp{"action": a} }

func newRequest(method, path, body, auth string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return req
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
