package payments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/igny8/igny8/billing/payments"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// fakeStripe is a small stateful Stripe for the calls sync-plans makes
// (stripe-mock keeps no state, so idempotency cannot be seen there):
// products by id, prices by lookup key with transfer_lookup_key.
type fakeStripe struct {
	mu       sync.Mutex
	products map[string]map[string]any
	prices   []map[string]any
	writes   int
}

func (f *fakeStripe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	notFound := map[string]any{"error": map[string]any{"type": "invalid_request_error", "code": "resource_missing", "message": "No such product"}}
	switch {
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/v1/products/"):
		id := strings.TrimPrefix(r.URL.Path, "/v1/products/")
		if p, ok := f.products[id]; ok {
			reply(200, p)
			return
		}
		reply(404, notFound)
	case r.Method == "POST" && r.URL.Path == "/v1/products":
		f.writes++
		id := form.Get("id")
		if _, ok := f.products[id]; ok {
			reply(400, map[string]any{"error": map[string]any{"type": "invalid_request_error", "message": "exists"}})
			return
		}
		f.products[id] = map[string]any{"id": id, "object": "product", "name": form.Get("name"), "active": true}
		reply(200, f.products[id])
	case r.Method == "POST" && strings.HasPrefix(r.URL.Path, "/v1/products/"):
		f.writes++
		p := f.products[strings.TrimPrefix(r.URL.Path, "/v1/products/")]
		p["name"], p["active"] = form.Get("name"), true
		reply(200, p)
	case r.Method == "GET" && r.URL.Path == "/v1/prices":
		key := r.URL.Query().Get("lookup_keys[0]")
		data := []any{}
		for _, p := range f.prices {
			if p["lookup_key"] == key && p["active"] == true {
				data = append(data, p)
			}
		}
		reply(200, map[string]any{"object": "list", "url": "/v1/prices", "has_more": false, "data": data})
	case r.Method == "POST" && r.URL.Path == "/v1/prices":
		f.writes++
		key := form.Get("lookup_key")
		for _, p := range f.prices {
			if p["lookup_key"] == key {
				if form.Get("transfer_lookup_key") != "true" {
					reply(400, map[string]any{"error": map[string]any{"type": "invalid_request_error", "message": "lookup key in use"}})
					return
				}
				p["lookup_key"] = nil
			}
		}
		amount, _ := strconv.ParseInt(form.Get("unit_amount"), 10, 64)
		p := map[string]any{"id": fmt.Sprintf("price_fake_%d", len(f.prices)+1), "object": "price", "active": true,
			"product": form.Get("product"), "currency": form.Get("currency"), "unit_amount": amount, "lookup_key": key}
		if iv := form.Get("recurring[interval]"); iv != "" {
			p["recurring"] = map[string]any{"interval": iv, "interval_count": 1}
		}
		f.prices = append(f.prices, p)
		reply(200, p)
	default:
		reply(404, map[string]any{"error": map[string]any{"type": "invalid_request_error", "message": "unknown route " + r.URL.Path}})
	}
}

// TestSyncPlansIdempotent: the first run creates a product and a price per
// priced plan and pack and stores the plans' price ids; the second run
// writes nothing; a changed plan price gets a new price that takes the
// lookup key, and the plan record follows.
func TestSyncPlansIdempotent(t *testing.T) {
	app := testapp.New(t)
	fake := &fakeStripe{products: map[string]map[string]any{}}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	payments.Configure(app, payments.Config{SecretKey: "sk_test_fake", APIURL: srv.URL})

	res, err := payments.SyncPlans(context.Background(), app)
	if err != nil {
		t.Fatal(err)
	}
	want := 4 + len(payments.Packs) // trial, starter, pro, agency; Enterprise is by hand
	if res.ProductsCreated != want || res.PricesCreated != want || res.Unchanged != 0 {
		t.Fatalf("first run: %+v", res)
	}
	for code, cents := range map[string]int64{"trial": 100, "starter": 3900, "pro": 8900, "agency": 19900} {
		p, _ := app.FindFirstRecordByData(collections.Plans, "code", code)
		id := p.GetString("stripe_price_id")
		found := false
		for _, pr := range fake.prices {
			if pr["id"] == id && pr["unit_amount"] == cents && pr["lookup_key"] == "igny8_plan_"+code && pr["recurring"] != nil {
				found = true
			}
		}
		if !found {
			t.Errorf("plan %s: stored price %q is not a monthly %d-cent price with its lookup key", code, id, cents)
		}
	}
	if ent, _ := app.FindFirstRecordByData(collections.Plans, "code", "enterprise"); ent.GetString("stripe_price_id") != "" {
		t.Fatal("Enterprise got a price")
	}

	writes := fake.writes
	res, err = payments.SyncPlans(context.Background(), app)
	if err != nil {
		t.Fatal(err)
	}
	if fake.writes != writes || res.Unchanged != want || res.PricesCreated+res.ProductsCreated+res.ProductsUpdated != 0 {
		t.Fatalf("second run wrote %d times: %+v", fake.writes-writes, res)
	}

	pro, _ := app.FindFirstRecordByData(collections.Plans, "code", "pro")
	old := pro.GetString("stripe_price_id")
	pro.Set("price_usd", 99)
	if err := app.Save(pro); err != nil {
		t.Fatal(err)
	}
	res, err = payments.SyncPlans(context.Background(), app)
	if err != nil || res.PricesCreated != 1 || res.Unchanged != want-1 {
		t.Fatalf("after a price change: %+v %v", res, err)
	}
	pro, _ = app.FindFirstRecordByData(collections.Plans, "code", "pro")
	if pro.GetString("stripe_price_id") == old {
		t.Fatal("the plan kept the old price id")
	}
	var out bytes.Buffer
	cmd := payments.NewBillingCommand(app)
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"sync-plans"})
	if err := cmd.Execute(); err != nil || !strings.Contains(out.String(), fmt.Sprintf("%d unchanged", want)) {
		t.Fatalf("igny8 billing sync-plans: %v %q", err, out.String())
	}
}

// TestSyncPlansAgainstStripeMock: the requests sync-plans sends are valid
// for Stripe's API (stripe-mock checks them against the OpenAPI spec).
func TestSyncPlansAgainstStripeMock(t *testing.T) {
	e := newEnv(t)
	if _, err := payments.SyncPlans(context.Background(), e.app); err != nil {
		t.Fatal(err)
	}
	calls := e.rec.take()
	if len(find(calls, "GET", "/v1/products/igny8_plan_pro")) != 1 || len(find(calls, "GET", "/v1/prices")) != 4+len(payments.Packs) {
		t.Fatalf("calls: %+v", calls)
	}
}
