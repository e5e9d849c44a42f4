package main

import (
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"time"
)

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
