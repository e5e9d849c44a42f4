package jobs

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// candidateLimit is how many due jobs of one tenant a claim reads at once;
// the rest of them wait in the engine's cache for the next claims.
const candidateLimit = 32

// readyCache is an engine's memory of the queue between claims: which
// tenants may have due jobs and, per tenant, its next due jobs in claim order.
// Claims read it instead of the database; it is only a hint, because every
// claim is a guarded save that fails if the row changed in any way since it
// was read (see claimPicks). An enqueue in this process adds its job at
// once; everything else — jobs queued by another process, retries coming due,
// changed priorities — is seen when the cache is re-read, at the latest one
// poll interval later, which is also how soon an idle engine would see it.
type readyCache struct {
	at      time.Time // when tenants was read; zero forces a re-read
	tenants map[string]bool
	lists   map[string]*candidates
	types   string // the claimable types the lists were read for
}

// candidates are one tenant's next due jobs, best first.
type candidates struct {
	recs []*core.Record
	// complete means the read returned every due job of the tenant, so a job
	// enqueued later can be merged in and an empty list means none is due.
	complete bool
}

func newReadyCache() readyCache {
	return readyCache{tenants: map[string]bool{}, lists: map[string]*candidates{}}
}

// claimsBefore orders jobs for claiming within a tenant: higher priority
// first, then earlier due time, then id.
func claimsBefore(a, b *core.Record) bool {
	if pa, pb := a.GetInt("priority"), b.GetInt("priority"); pa != pb {
		return pa > pb
	}
	if ra, rb := a.GetDateTime("run_after").String(), b.GetDateTime("run_after").String(); ra != rb {
		return ra < rb
	}
	return a.Id < b.Id
}

// noteEnqueued records a job just queued in this process for tenant. rec
// (already committed) joins the tenant's cached candidates when it is due and
// belongs in them; without rec the tenant's list is dropped and read again.
func (e *Engine) noteEnqueued(tenant string, rec *core.Record) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := &e.cache
	c.tenants[tenant] = true
	l := c.lists[tenant]
	if l == nil {
		return
	}
	if rec == nil {
		delete(c.lists, tenant)
		return
	}
	if rec.GetDateTime("run_after").Time().After(e.reg.now()) || !strings.Contains(","+c.types+",", ","+rec.GetString("type")+",") {
		return // not claimable yet: the next re-read finds it
	}
	i, _ := slices.BinarySearchFunc(l.recs, rec, func(x, r *core.Record) int {
		if claimsBefore(x, r) {
			return -1
		}
		return 1
	})
	if i == len(l.recs) && !l.complete {
		return // after the cached prefix: read with the rest later
	}
	own := rec.Clone() // the caller keeps its record; the claim changes this one
	_ = own.PostScan()
	l.recs = slices.Insert(l.recs, i, own)
}

// invalidate forgets everything cached: the next claim re-reads the queue.
func (e *Engine) invalidate() {
	e.mu.Lock()
	e.cache.at = time.Time{}
	e.mu.Unlock()
}

// forgetTenant drops tenant's cached candidates (one of them changed under us,
// or one of its jobs was queued again) so the next claim reads them afresh.
func (e *Engine) forgetTenant(tenant string) {
	e.mu.Lock()
	delete(e.cache.lists, tenant)
	e.cache.tenants[tenant] = true
	e.mu.Unlock()
}

// readyTenants lists the tenants with queued jobs: a skip-scan over the claim
// index, one probe per tenant.
func readyTenants(app core.App) ([]string, error) {
	var tenants []string
	err := app.DB().NewQuery(`WITH RECURSIVE t(tenant) AS (
		SELECT (SELECT MIN(tenant) FROM ` + collections.Jobs + ` WHERE status = 'queued')
		UNION ALL
		SELECT (SELECT MIN(tenant) FROM ` + collections.Jobs + ` WHERE status = 'queued' AND tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL
	) SELECT tenant FROM t WHERE tenant IS NOT NULL`).Column(&tenants)
	if err != nil {
		return nil, fmt.Errorf("ready tenants: %w", err)
	}
	return tenants, nil
}

// readyList returns the tenants that may have due jobs, sorted. It re-reads
// them (and drops every cached list) when fresh is set, when the cache is
// older than Poll, or when the claimable types changed since the lists were read.
func (e *Engine) readyList(fresh bool, types string) ([]string, error) {
	e.mu.Lock()
	stale := fresh || e.cache.at.IsZero() || time.Since(e.cache.at) >= e.opts.Poll
	if e.cache.types != types {
		clear(e.cache.lists)
		e.cache.types = types
	}
	e.mu.Unlock()
	if stale {
		at := time.Now()
		tenants, err := readyTenants(e.app)
		if err != nil {
			return nil, err
		}
		e.mu.Lock()
		// keep tenants an enqueue noted meanwhile: the read may predate its commit
		for t := range e.cache.tenants {
			if !slices.Contains(tenants, t) {
				tenants = append(tenants, t)
			}
		}
		clear(e.cache.tenants)
		clear(e.cache.lists)
		for _, t := range tenants {
			e.cache.tenants[t] = true
		}
		e.cache.at = at
		e.mu.Unlock()
		slices.Sort(tenants)
		return tenants, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]string, 0, len(e.cache.tenants))
	for t := range e.cache.tenants {
		out = append(out, t)
	}
	slices.Sort(out)
	return out, nil
}

// readCandidates reads tenant's next due jobs of the given types into the cache.
func (e *Engine) readCandidates(tenant string, types []any) error {
	col, err := e.app.FindCachedCollectionByNameOrId(collections.Jobs)
	if err != nil {
		return err
	}
	var recs []*core.Record
	err = e.app.RecordQuery(col).
		AndWhere(dbx.NewExp("status = 'queued' AND tenant = {:tenant} AND run_after <= {:now}",
			dbx.Params{"tenant": tenant, "now": dateString(e.reg.now())})).
		AndWhere(dbx.In("type", types...)).
		OrderBy("priority DESC", "run_after", "id").Limit(candidateLimit).All(&recs)
	if err != nil {
		return fmt.Errorf("claim candidates of %q: %w", tenant, err)
	}
	e.mu.Lock()
	e.cache.lists[tenant] = &candidates{recs: recs, complete: len(recs) < candidateLimit}
	e.mu.Unlock()
	return nil
}
