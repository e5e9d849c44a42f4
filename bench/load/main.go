// Command load is igny8's load benchmark (bench/load.sh runs it; figures in
// docs/PERFORMANCE.md). It starts the real igny8 binary on a fresh data dir
// with the dev AI provider at a simulated model latency, seeds workspaces
// through the real sign-up route, then for a bounded time drives API clients
// (reads, lists, imports, enqueues), each a signed-in owner of its own
// workspace under the default rate limits, plus realtime subscribers on the
// jobs collection and the workspace's keywords topic. It prints latency
// percentiles per request kind, errors by status, jobs finished per second,
// realtime delivery latency and events lost, then runs `igny8 credits verify`
// on the data dir. It asserts nothing about speed.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"
)

const (
	pbTime  = "2006-01-02 15:04:05.000Z"
	suEmail = "load@bench.local"
	suPass  = "load-bench-pass"
)

var serverLog string

var (
	bin      = flag.String("bin", "", "igny8 binary (required)")
	dir      = flag.String("dir", "", "fresh data dir (required)")
	clients  = flag.Int("clients", 200, "concurrent API clients, one workspace owner each")
	subs     = flag.Int("subs", 50, "realtime subscribers (owners of the first workspaces)")
	duration = flag.Duration("duration", 60*time.Second, "length of the load phase")
	think    = flag.Duration("think", 500*time.Millisecond, "mean pause between one client's requests")
	seedKw   = flag.Int("seed-keywords", 300, "keywords pasted per workspace before the load phase")
	logFile  = flag.String("log", "", "server output file (default <dir>/server.log)")
	credits  = flag.Int("credits", 10000, "top-up credits granted to each workspace with `igny8 credits grant` after seeding (0: none, Trial credits only)")
	pprof    = flag.String("pprof", "", "the server's IGNY8_PPROF_ADDR (a -tags igny8pprof build): take a CPU profile and a goroutine dump during the window")
	profDir  = flag.String("profile-dir", ".", "where -pprof writes cpu.pprof and goroutines.txt")
)

var hc = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1000, MaxConnsPerHost: 0}}

type ws struct {
	email, token, tenant, site string
	kwIds                      []string
	mu                         sync.Mutex
	imports                    int // successful imports that added keywords, after its subscriber was ready
}

func main() {
	flag.Parse()
	if *bin == "" || *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: load -bin igny8 -dir DATA [flags]")
		os.Exit(2)
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run() error {
	base, stop, err := start()
	if err != nil {
		return err
	}
	defer stop()
	su, err := authSuper(base)
	if err != nil {
		return err
	}
	t0 := time.Now()
	wss, err := seed(base, su)
	if err != nil {
		return err
	}
	if err := grant(wss); err != nil {
		return err
	}
	fmt.Printf("seeded %d workspaces (one owner, one site, %d keywords, %d granted credits each) in %.1f s\n", len(wss), *seedKw, *credits, time.Since(t0).Seconds())

	st := newStats()
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var ready sync.WaitGroup
	subsDone := make(chan *subResult, *subs)
	subCtx, subCancel := context.WithCancel(context.Background())
	for i := 0; i < *subs && i < len(wss); i++ {
		ready.Add(1)
		go func(w *ws) { subsDone <- subscribe(subCtx, base, w, &ready) }(wss[i])
	}
	ready.Wait()
	startAt := time.Now()
	fmt.Printf("load: %d clients, %d subscribers, %s, think %s (%s)\n", len(wss), *subs, *duration, *think, startAt.UTC().Format(time.RFC3339))
	var wg sync.WaitGroup
	if *pprof != "" {
		wg.Add(1)
		go func() { defer wg.Done(); profile(*duration) }()
	}
	for i, w := range wss {
		wg.Add(1)
		go func(i int, w *ws) { defer wg.Done(); client(ctx, base, w, st, i < *subs) }(i, w)
	}
	wg.Wait()
	elapsed := time.Since(startAt)
	// let the jobs of the window finish and their events arrive
	drainUntil := time.Now().Add(30 * time.Second)
	for time.Now().Before(drainUntil) {
		if n, _ := countJobs(base, su, `status="queued"||status="running"`); n == 0 {
			break
		}
		time.Sleep(time.Second)
	}
	time.Sleep(2 * time.Second)
	subCancel()
	results := make([]*subResult, 0, *subs)
	for i := 0; i < *subs && i < len(wss); i++ {
		results = append(results, <-subsDone)
	}
	return report(base, su, st, wss, results, startAt, elapsed)
}
