package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

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
