package payments_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
)

// BenchmarkWebhook measures the webhook through the real router on a real
// data dir: signature check, the exactly-once transaction (event row, ledger
// entry, tenant update, audit entry) and the answer, for distinct signed
// events alternating invoice.paid (a grant) and customer.subscription.updated
// (a plan state), sent by 4 concurrent senders as Stripe does. It reports
// events/s and the p50/p99 latency of one delivery (docs/PERFORMANCE.md).
// Not an assertion: run with
//
//	go test -run '^$' -bench BenchmarkWebhook -benchtime 2000x ./billing/payments/
func BenchmarkWebhook(b *testing.B) {
	e := newEnv(b)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a"})
	e.set(testapp.B, map[string]any{"stripe_customer_id": "cus_b"})
	start := e.clock.Now()
	payloads := make([][]byte, b.N)
	for i := range payloads {
		ws, cus := testapp.A, "cus_a"
		if i%4 >= 2 {
			ws, cus = testapp.B, "cus_b"
		}
		if i%2 == 0 {
			payloads[i] = e.event("invoice.paid", start.Unix()+int64(i),
				invoice(fmt.Sprintf("in_bench_%d", i), ws, cus, "sub_"+ws, "pro", start.AddDate(0, 0, i+1)))
		} else {
			payloads[i] = e.event("customer.subscription.updated", start.Unix()+int64(i),
				subscription("sub_"+ws, ws, cus, "active", []string{"starter", "pro"}[i/2%2], nil))
		}
	}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Int64
	b.ResetTimer()
	t0 := time.Now()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				s := time.Now()
				status, body := e.send(payloads[i])
				if status != http.StatusOK && failed.Load() == 0 { // the first refusal, for the log
					b.Logf("delivery %d: %d %v", i, status, body)
				}
				lat[i] = time.Since(s)
				if status != http.StatusOK {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	if failed.Load() > 0 {
		b.Fatalf("%d deliveries failed", failed.Load())
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	e.verify()
}
