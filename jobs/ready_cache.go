package jobs

import (
	"fmt"
	"slices"
	"strings"
	"sync"
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
//
// It has its own lock, apart from the engine's counters: enqueues and claims
// touch it without waiting for each other's bookkeeping.
type readyCache struct {
	mu      sync.Mutex
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

func newReadyCache() *readyCache {
	return &readyCache{tenants: map[string]bool{}, lists: map[string]*candidates{}}
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
	e.cache.noteEnqueued(tenant, rec, e.reg.now())
}

// noteEnqueued is [Engine.noteEnqueued] with the engine's clock read: rec is
// due when its run_after is not after now.
func (c *readyCache) noteEnqueued(tenant string, rec *core.Record, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tenants[tenant] = true
	l := c.lists[tenant]
	if l == nil {
		return
	}
	if rec == nil {
		delete(c.lists, tenant)
		return
	}
	if rec.GetDateTime("run_after").Time().After(now) || !strings.Contains(","+c.types+",", ","+rec.GetString("type")+",") {
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
func (e *Engine) invalidate() { e.cache.invalidate() }

func (c *readyCache) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}

// forgetTenant drops tenant's cached candidates (one of them changed under us,
// or one of its jobs was queued again) so the next claim reads them afresh.
func (e *Engine) forgetTenant(tenant string) { e.cache.forget(tenant) }

func (c *readyCache) forget(tenant string) {
	c.mu.Lock()
	delete(c.lists, tenant)
	c.tenants[tenant] = true
	c.mu.Unlock()
}

// store keeps recs, read from the database, as tenant's candidates; complete
// says the read returned every due job of the tenant.
func (c *readyCache) store(tenant string, recs []*core.Record, complete bool) {
	c.mu.Lock()
	c.lists[tenant] = &candidates{recs: recs, complete: complete}
	c.mu.Unlock()
}

// take removes and returns tenant's best cached candidate whose type fits
// (fits is called under the cache's lock). listed reports whether the cache
// had a list to look at: false means the tenant's candidates must be read
// first. A nil rec with listed set means none of the cached ones fits; a
// tenant known to have nothing due is dropped until an enqueue or the next
// re-read brings it back.
func (c *readyCache) take(tenant string, fits func(typ string) bool) (rec *core.Record, listed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.lists[tenant]
	if l == nil || (len(l.recs) == 0 && !l.complete) {
		return nil, false
	}
	i := slices.IndexFunc(l.recs, func(r *core.Record) bool { return fits(r.GetString("type")) })
	if i < 0 {
		if len(l.recs) == 0 && l.complete {
			// nothing due there: an enqueue or the next re-read brings it back
			delete(c.tenants, tenant)
			delete(c.lists, tenant)
		}
		return nil, true
	}
	rec = l.recs[i]
	l.recs = slices.Delete(l.recs, i, i+1)
	return rec, true
}

// tenantsFor returns the tenants that may have due jobs of types (the
// claimable types, comma-separated), sorted. It calls read for the list (and
// drops every cached list) when fresh is set, when the cache is older than
// maxAge, or when types changed since the lists were read.
func (c *readyCache) tenantsFor(fresh bool, types string, maxAge time.Duration, read func() ([]string, error)) ([]string, error) {
	c.mu.Lock()
	stale := fresh || c.at.IsZero() || time.Since(c.at) >= maxAge
	if c.types != types {
		clear(c.lists)
		c.types = types
	}
	c.mu.Unlock()
	if stale {
		at := time.Now()
		tenants, err := read()
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		// keep tenants an enqueue noted meanwhile: the read may predate its commit
		for t := range c.tenants {
			if !slices.Contains(tenants, t) {
				tenants = append(tenants, t)
			}
		}
		clear(c.tenants)
		clear(c.lists)
		for _, t := range tenants {
			c.tenants[t] = true
		}
		c.at = at
		c.mu.Unlock()
		slices.Sort(tenants)
		return tenants, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.tenants))
	for t := range c.tenants {
		out = append(out, t)
	}
	slices.Sort(out)
	return out, nil
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
	return e.cache.tenantsFor(fresh, types, e.opts.Poll, func() ([]string, error) { return readyTenants(e.app) })
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
	e.cache.store(tenant, recs, len(recs) < candidateLimit)
	return nil
}
