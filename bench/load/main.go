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
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strings"
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

// start runs `igny8 superuser upsert` and `igny8 serve` on a free port.
func start() (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	out, err := exec.Command(*bin, "superuser", "upsert", suEmail, suPass, "--dir", *dir).CombinedOutput()
	if err != nil {
		return "", nil, fmt.Errorf("superuser upsert: %w: %s", err, out)
	}
	lf := *logFile
	if lf == "" {
		lf = *dir + "/server.log"
	}
	serverLog = lf
	f, err := os.Create(lf)
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(*bin, "serve", "--http", addr, "--dir", *dir)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		f.Close()
	}
	base := "http://" + addr
	for i := 0; i < 300; i++ {
		if r, err := http.Get(base + "/api/health"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return base, stop, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("server did not answer /api/health (see %s)", lf)
}

// call sends one JSON request and decodes a JSON answer into out (if not nil).
func call(method, url, token string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	r, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return r.StatusCode, err
	}
	if r.StatusCode >= 300 {
		return r.StatusCode, fmt.Errorf("%s %s: %d %.300s", method, url, r.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return r.StatusCode, fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	return r.StatusCode, nil
}

// authSuper signs the superuser in the way an operator without mail does:
// password (401 with an mfaId, superusers must use MFA), request-otp, then the
// code the server prints on its terminal (here: its log file) while mail is off.
func authSuper(base string) (string, error) {
	var m struct{ MfaId string }
	code, _ := call("POST", base+"/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": suEmail, "password": suPass}, nil)
	if code != 401 {
		return "", fmt.Errorf("superuser password sign-in answered %d, want 401 with an mfaId", code)
	}
	b, _ := json.Marshal(map[string]string{"identity": suEmail, "password": suPass})
	r, err := hc.Post(base+"/api/collections/_superusers/auth-with-password", "application/json", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	_ = json.NewDecoder(r.Body).Decode(&m)
	r.Body.Close()
	var o struct{ OtpId string }
	if _, err := call("POST", base+"/api/collections/_superusers/request-otp", "", map[string]string{"email": suEmail}, &o); err != nil {
		return "", err
	}
	want := "sign-in code for superuser " + suEmail + ": "
	var otp string
	for i := 0; i < 50 && otp == ""; i++ {
		logb, _ := os.ReadFile(serverLog)
		for _, line := range strings.Split(string(logb), "\n") {
			if j := strings.Index(line, want); j >= 0 {
				otp = strings.TrimSpace(line[j+len(want):])
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if otp == "" {
		return "", fmt.Errorf("no sign-in code in %s", serverLog)
	}
	var a struct{ Token string }
	_, err = call("POST", base+"/api/collections/_superusers/auth-with-otp", "",
		map[string]string{"otpId": o.OtpId, "password": otp, "mfaId": m.MfaId}, &a)
	return a.Token, err
}

// seed signs up one owner per client through POST /api/igny8/auth/signup.
// Sign-up is limited to 5 per hour per IP, and every client here shares
// 127.0.0.1, so the superuser adds 127.0.0.1 to the rate limiter's excluded
// IPs for the seeding only and puts the settings back exactly as they were
// before the load phase (checked), so the load runs under the default limits.
func seed(base, su string) ([]*ws, error) {
	var s struct {
		RateLimits map[string]any `json:"rateLimits"`
	}
	if _, err := call("GET", base+"/api/settings", su, nil, &s); err != nil {
		return nil, err
	}
	orig, _ := json.Marshal(s.RateLimits)
	open := map[string]any{}
	for k, v := range s.RateLimits {
		open[k] = v
	}
	open["excludedIPs"] = []string{"127.0.0.1"}
	if _, err := call("PATCH", base+"/api/settings", su, map[string]any{"rateLimits": open}, nil); err != nil {
		return nil, err
	}
	wss := make([]*ws, *clients)
	errs := make(chan error, *clients)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range wss {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			w, err := seedOne(base, i)
			wss[i] = w
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	var back map[string]any
	_ = json.Unmarshal(orig, &back)
	if _, err := call("PATCH", base+"/api/settings", su, map[string]any{"rateLimits": back}, nil); err != nil {
		return nil, err
	}
	if _, err := call("GET", base+"/api/settings", su, nil, &s); err != nil {
		return nil, err
	}
	if now, _ := json.Marshal(s.RateLimits); !bytes.Equal(now, orig) {
		return nil, fmt.Errorf("rate limits not restored: %s != %s", now, orig)
	}
	return wss, nil
}

func seedOne(base string, i int) (*ws, error) {
	w := &ws{email: fmt.Sprintf("owner%03d@bench.local", i)}
	var a struct {
		Token string
		Meta  struct{ Tenant struct{ Id string } }
	}
	if _, err := call("POST", base+"/api/igny8/auth/signup", "", map[string]string{
		"email": w.email, "password": "load-bench-pass", "name": fmt.Sprintf("Owner %d", i), "workspace": fmt.Sprintf("Load %03d", i),
	}, &a); err != nil {
		return nil, err
	}
	w.token, w.tenant = a.Token, a.Meta.Tenant.Id
	if w.tenant == "" {
		return nil, fmt.Errorf("signup %d: no tenant in meta", i)
	}
	var site struct{ Id string }
	if _, err := call("POST", base+"/api/collections/sites/records", w.token, map[string]string{
		"tenant": w.tenant, "name": "Site", "url": fmt.Sprintf("https://site%03d.example.com", i),
	}, &site); err != nil {
		return nil, err
	}
	w.site = site.Id
	kws := make([]string, *seedKw)
	for j := range kws {
		kws[j] = fmt.Sprintf("seed keyword %d %d", i, j)
	}
	if _, err := call("POST", base+"/api/igny8/planner/keywords", w.token, map[string]any{"site": w.site, "keywords": kws}, nil); err != nil {
		return nil, err
	}
	var l struct{ Items []struct{ Id string } }
	if _, err := call("GET", base+"/api/collections/keywords/records?perPage=100&skipTotal=1&fields=id&filter="+
		qs(`site="`+w.site+`"`), w.token, nil, &l); err != nil {
		return nil, err
	}
	for _, it := range l.Items {
		w.kwIds = append(w.kwIds, it.Id)
	}
	return w, nil
}

// grant gives every workspace -credits top-up credits through the operator's
// path, `igny8 credits grant` (one ledger entry each, audited, idempotent by
// its key), run against the serving data dir as an operator would. A Trial
// workspace has 25 credits, two clustering requests' worth: without the grant
// the load phase measures 402s (correct refusals) instead of the queue.
// One command at a time: two processes writing the same SQLite file can get
// SQLITE_BUSY (a read transaction cannot become a write one after another
// process wrote), so a refused grant is tried again; the key makes that safe.
func grant(wss []*ws) error {
	if *credits <= 0 {
		return nil
	}
	env := serverlessEnv()
	for _, w := range wss {
		var out []byte
		var err error
		for try := 0; try < 5; try++ {
			if try > 0 && strings.Contains(string(out), "already made") {
				err = nil // an earlier try was applied after all
				break
			}
			cmd := exec.Command(*bin, "credits", "grant", "--dir", *dir, "--tenant", w.tenant,
				"--amount", fmt.Sprint(*credits), "--note", "bench/load: credits for the load window", "--key", "bench-load")
			cmd.Env = env
			if out, err = cmd.CombinedOutput(); err == nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err != nil {
			return fmt.Errorf("credits grant %s: %w: %s", w.tenant, err, out)
		}
	}
	return nil
}

// serverlessEnv is the environment for the igny8 commands run beside the
// server: the pprof listener address belongs to the server.
func serverlessEnv() []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "IGNY8_PPROF_ADDR=") {
			env = append(env, kv)
		}
	}
	return env
}

func qs(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22", "&", "%26", "|", "%7C", "=", "%3D").Replace(s)
}

type stats struct {
	mu     sync.Mutex
	lat    map[string][]time.Duration
	status map[string]map[int]int
	sample map[string]string
}

func newStats() *stats {
	return &stats{lat: map[string][]time.Duration{}, status: map[string]map[int]int{}, sample: map[string]string{}}
}

func (s *stats) add(kind string, d time.Duration, code int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lat[kind] = append(s.lat[kind], d)
	if s.status[kind] == nil {
		s.status[kind] = map[int]int{}
	}
	s.status[kind][code]++
	if err != nil && s.sample[fmt.Sprint(kind, code)] == "" {
		s.sample[fmt.Sprint(kind, code)] = err.Error()
	}
}

// client is one signed-in owner: a closed loop of requests with a random
// pause (mean -think) between them; 35 % reads, 45 % lists, 12 % imports,
// 8 % enqueues (an enqueue right after the client's last import, so there are
// unclustered keywords).
func client(ctx context.Context, base string, w *ws, st *stats, counted bool) {
	r := rand.New(rand.NewPCG(uint64(len(w.email)), uint64(time.Now().UnixNano())))
	n := 0
	fresh := false // imported since the last enqueue
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(r.Int64N(int64(2 * *think)))):
		}
		var kind, method, url string
		var body any
		p := r.IntN(100)
		if p >= 92 && !fresh {
			p = 80 // nothing imported since the last enqueue: import first
		}
		switch {
		case p < 25:
			kind, method = "read keyword", "GET"
			url = base + "/api/collections/keywords/records/" + w.kwIds[r.IntN(len(w.kwIds))]
		case p < 35:
			kind, method = "read site", "GET"
			url = base + "/api/collections/sites/records/" + w.site
		case p < 65:
			kind, method = "list keywords", "GET"
			url = fmt.Sprintf("%s/api/collections/keywords/records?page=%d&perPage=50&sort=-volume&filter=%s", base, 1+r.IntN(5), qs(`site="`+w.site+`"`))
		case p < 80:
			kind, method = "list jobs", "GET"
			url = fmt.Sprintf("%s/api/collections/jobs/records?page=%d&perPage=20&sort=-created&skipTotal=1", base, 1+r.IntN(2))
		case p < 92:
			kind, method = "import", "POST"
			kws := make([]string, 20)
			for j := range kws {
				kws[j] = fmt.Sprintf("load keyword %s %d %d", w.email, n, j)
			}
			n++
			url, body = base+"/api/igny8/planner/keywords", map[string]any{"site": w.site, "keywords": kws}
		default:
			kind, method = "enqueue", "POST"
			url, body = base+"/api/igny8/planner/cluster", map[string]any{"site": w.site}
		}
		t := time.Now()
		code, err := call(method, url, w.token, body, nil)
		st.add(kind, time.Since(t), code, err)
		fresh = kind == "import" && err == nil || fresh && kind != "enqueue"
		if kind == "import" && err == nil && counted {
			w.mu.Lock()
			w.imports++
			w.mu.Unlock()
		}
	}
}

type subResult struct {
	w        *ws
	err      error
	jobFinal map[string]string // job id -> last terminal status seen
	kwMsgs   map[string]int    // keywords topic action -> count
	lat      []time.Duration   // receipt - record.updated, job events
	events   int
}

// subscribe opens PocketBase's SSE stream, subscribes to the jobs collection
// and the workspace's keywords topic with the owner's token, and records
// every event until ctx ends.
func subscribe(ctx context.Context, base string, w *ws, ready *sync.WaitGroup) *subResult {
	res := &subResult{w: w, jobFinal: map[string]string{}, kwMsgs: map[string]int{}}
	once := sync.Once{}
	done := func() { once.Do(ready.Done) }
	defer done()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/realtime", nil)
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		res.err = err
		return res
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	var event string
	var data []byte
	topic := "igny8/keywords/" + w.tenant
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(line[6:])
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimSpace(line[5:])...)
		case line == "":
			now := time.Now()
			switch {
			case event == "PB_CONNECT":
				var c struct{ ClientId string }
				_ = json.Unmarshal(data, &c)
				if _, err := call("POST", base+"/api/realtime", w.token, map[string]any{
					"clientId": c.ClientId, "subscriptions": []string{"jobs", topic},
				}, nil); err != nil {
					res.err = err
					return res
				}
				done()
			case event == "jobs":
				res.events++
				var m struct {
					Record struct{ Id, Status, Updated, Tenant string }
				}
				_ = json.Unmarshal(data, &m)
				if u, err := time.Parse(pbTime, m.Record.Updated); err == nil {
					res.lat = append(res.lat, now.Sub(u))
				}
				if s := m.Record.Status; s == "succeeded" || s == "failed" || s == "canceled" {
					res.jobFinal[m.Record.Id] = s
				}
			case event == topic:
				res.events++
				var m struct{ Action string }
				_ = json.Unmarshal(data, &m)
				res.kwMsgs[m.Action]++
			}
			event, data = "", data[:0]
		}
	}
	if ctx.Err() == nil {
		res.err = fmt.Errorf("stream ended: %v", sc.Err())
	}
	return res
}

type job struct{ Id, Status, Tenant, Created, Updated string }

func listJobs(base, su, filter string) ([]job, error) {
	var out []job
	for page := 1; ; page++ {
		var l struct {
			Items      []job
			TotalPages int
		}
		if _, err := call("GET", fmt.Sprintf("%s/api/collections/jobs/records?perPage=500&page=%d&filter=%s", base, page, qs(filter)), su, nil, &l); err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if page >= l.TotalPages {
			return out, nil
		}
	}
}

func countJobs(base, su, filter string) (int, error) {
	var l struct{ TotalItems int }
	_, err := call("GET", base+"/api/collections/jobs/records?perPage=1&filter="+qs(filter), su, nil, &l)
	return l.TotalItems, err
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(p * float64(len(d)-1))
	return d[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func report(base, su string, st *stats, wss []*ws, subs []*subResult, startAt time.Time, elapsed time.Duration) error {
	fmt.Printf("\nwindow %.1f s\n\n| kind | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | statuses |\n|---|---|---|---|---|---|---|---|\n", elapsed.Seconds())
	kinds := make([]string, 0, len(st.lat))
	for k := range st.lat {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	total, errsN := 0, 0
	for _, k := range kinds {
		d := st.lat[k]
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		codes := []string{}
		for c, n := range st.status[k] {
			codes = append(codes, fmt.Sprintf("%d×%d", c, n))
			if c == 0 || c >= 300 {
				errsN += n
			}
		}
		sort.Strings(codes)
		total += len(d)
		fmt.Printf("| %s | %d | %.1f | %s | %s | %s | %s | %s |\n", k, len(d), float64(len(d))/elapsed.Seconds(),
			ms(pct(d, .5)), ms(pct(d, .95)), ms(pct(d, .99)), ms(d[len(d)-1]), strings.Join(codes, " "))
	}
	fmt.Printf("\nrequests %d (%.0f/s), errors %d\n", total, float64(total)/elapsed.Seconds(), errsN)
	for k, v := range st.sample {
		fmt.Printf("  first error %s: %s\n", k, v)
	}
	jobs, err := listJobs(base, su, `created>="`+startAt.UTC().Format(pbTime)+`"`)
	if err != nil {
		return err
	}
	byStatus := map[string]int{}
	var runs []time.Duration
	for _, j := range jobs {
		byStatus[j.Status]++
		c, e1 := time.Parse(pbTime, j.Created)
		u, e2 := time.Parse(pbTime, j.Updated)
		if j.Status == "succeeded" && e1 == nil && e2 == nil {
			runs = append(runs, u.Sub(c))
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
	inWindow, _ := countJobs(base, su, `created>="`+startAt.UTC().Format(pbTime)+`"&&status="succeeded"&&updated<="`+startAt.Add(elapsed).UTC().Format(pbTime)+`"`)
	fmt.Printf("jobs enqueued in the window: %d %v; finished within it: %d (%.2f jobs/s); enqueue→finish p50 %s s, p95 %s s\n",
		len(jobs), byStatus, inWindow, float64(inWindow)/elapsed.Seconds(), sec(pct(runs, .5)), sec(pct(runs, .95)))

	// events lost: each subscriber must have seen the final state of every job of
	// its workspace created in the window, and one keywords message per import
	// its workspace's client made.
	var lat []time.Duration
	lostJobs, lostKw, expJobs, expKw, events, subErr := 0, 0, 0, 0, 0, 0
	for _, s := range subs {
		if s.err != nil {
			subErr++
			fmt.Println("  subscriber error:", s.err)
		}
		lat = append(lat, s.lat...)
		events += s.events
		for _, j := range jobs {
			if j.Tenant != s.w.tenant || (j.Status != "succeeded" && j.Status != "failed" && j.Status != "canceled") {
				continue
			}
			expJobs++
			if s.jobFinal[j.Id] != j.Status {
				lostJobs++
			}
		}
		s.w.mu.Lock()
		expKw += s.w.imports
		if got := s.kwMsgs["paste"] + s.kwMsgs["import"]; got < s.w.imports {
			lostKw += s.w.imports - got
		}
		s.w.mu.Unlock()
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	fmt.Printf("realtime: %d subscribers (%d errors), %d events; job update → receipt p50 %s ms, p95 %s ms, p99 %s ms, max %s ms\n",
		len(subs), subErr, events, ms(pct(lat, .5)), ms(pct(lat, .95)), ms(pct(lat, .99)), ms(pct(lat, 1)))
	fmt.Printf("events lost: job final states %d of %d, keyword import messages %d of %d\n", lostJobs, expJobs, lostKw, expKw)
	// the ledger after the load: every reservation, commit and refund made
	// under it adds up (billing.Verify, as an operator would run it)
	cmd := exec.Command(*bin, "credits", "verify", "--dir", *dir)
	cmd.Env = serverlessEnv()
	out, err := cmd.CombinedOutput()
	fmt.Printf("credits verify: %s", out)
	if err != nil {
		return fmt.Errorf("credits verify: %w", err)
	}
	return nil
}

func sec(d time.Duration) string { return fmt.Sprintf("%.1f", d.Seconds()) }

// profile takes a CPU profile, a block and a mutex profile over the middle of
// the window (from a sixth of it to five sixths) and a goroutine dump at its
// middle.
func profile(window time.Duration) {
	time.Sleep(window / 6)
	secs := int((window * 2 / 3).Seconds())
	go func() {
		time.Sleep(window / 3)
		save("http://"+*pprof+"/debug/pprof/goroutine?debug=1", "goroutines.txt")
	}()
	for _, p := range []string{"block", "mutex"} {
		go save(fmt.Sprintf("http://%s/debug/pprof/%s?seconds=%d", *pprof, p, secs), p+".pprof")
	}
	save(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", *pprof, secs), "cpu.pprof")
}

func save(url, name string) {
	r, err := (&http.Client{}).Get(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load: profile:", err)
		return
	}
	defer r.Body.Close()
	f, err := os.Create(*profDir + "/" + name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load: profile:", err)
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, r.Body)
}
