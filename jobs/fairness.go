package jobs

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// pick chooses up to n due jobs to claim, fairly: each pick goes to the
// tenant with the fewest running jobs in this engine, then the one served
// longest ago (round robin), so a workspace with 1,000 queued jobs delays
// another's single job by at most one claim; within a tenant, higher priority
// first, then earlier due time. Per-tenant and per-type caps count the picks
// already made. It reads from the engine's cache (see readyCache), or from the
// database outside any transaction; claimPicks then takes the picks. fresh
// re-reads the queue instead of trusting the cache.
func (e *Engine) pick(n int, fresh bool) ([]claim, error) {
	if n <= 0 {
		return nil, nil
	}
	p, err := e.newPicker(fresh)
	if err != nil || p == nil {
		return nil, err
	}
	var out []claim
	for len(out) < n {
		tenant, ok := p.nextTenant()
		if !ok {
			break
		}
		rec, err := p.takeFrom(tenant)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			continue
		}
		out = append(out, claim{rec: rec, tenant: tenant})
		p.count(tenant, rec.GetString("type"))
	}
	return out, nil
}

// picker is one call of [Engine.pick] in progress. It works on copies of the
// engine's counters, so the picks it makes count against the caps and the
// round robin as they are made, without holding the engine's lock.
type picker struct {
	e *Engine

	open    []any          // the types under their cap, for candidate reads
	typeCap map[string]int // per type; 0 means no cap
	byType  map[string]int // running and picked, per type

	tenants  []string         // that may have due jobs, sorted
	byTenant map[string]int   // running and picked, per tenant
	served   map[string]int64 // when each tenant was last picked (e.seq)
	seq      int64

	done map[string]bool // nothing more to pick there in this call
	read map[string]bool // its candidates were read in this call
}

// newPicker copies the engine's counters and lists the tenants that may have
// due jobs of a type under its cap. It returns nil when there is nothing to
// pick: no handlers, the engine stopping, every type at its cap, no tenant.
func (e *Engine) newPicker(fresh bool) (*picker, error) {
	all := e.reg.types()
	if len(all) == 0 {
		return nil, nil
	}
	p := &picker{
		e:       e,
		typeCap: make(map[string]int, len(all)),
		byType:  make(map[string]int, len(all)),
		done:    map[string]bool{},
		read:    map[string]bool{},
	}
	e.mu.Lock()
	if e.stopping {
		e.mu.Unlock()
		return nil, nil
	}
	for _, t := range all {
		p.byType[t] = e.byType[t]
	}
	e.mu.Unlock()
	var openNames []string
	for _, t := range all {
		h, _ := e.reg.handler(t)
		p.typeCap[t] = h.opts.Concurrency
		if h.opts.Concurrency <= 0 || p.byType[t] < h.opts.Concurrency {
			p.open = append(p.open, t)
			openNames = append(openNames, t)
		}
	}
	if len(p.open) == 0 {
		return nil, nil
	}
	tenants, err := e.readyList(fresh, strings.Join(openNames, ","))
	if err != nil || len(tenants) == 0 {
		return nil, err
	}
	p.tenants = tenants
	p.byTenant = make(map[string]int, len(tenants))
	p.served = make(map[string]int64, len(tenants))
	e.mu.Lock()
	for _, t := range tenants {
		p.byTenant[t], p.served[t] = e.byTenant[t], e.lastServed[t]
	}
	p.seq = e.seq
	e.mu.Unlock()
	return p, nil
}

// nextTenant is the tenant the next pick goes to: under its cap and not done,
// with the fewest running jobs, then served longest ago. ok is false when no
// tenant is left.
func (p *picker) nextTenant() (tenant string, ok bool) {
	bi := -1 // platform jobs have tenant "", so pick by index
	for i, t := range p.tenants {
		if p.done[t] || p.byTenant[t] >= p.e.opts.TenantConcurrency {
			continue
		}
		if b := p.tenants[max(bi, 0)]; bi < 0 || p.byTenant[t] < p.byTenant[b] || (p.byTenant[t] == p.byTenant[b] && p.served[t] < p.served[b]) {
			bi = i
		}
	}
	if bi < 0 {
		return "", false
	}
	return p.tenants[bi], true
}

// takeFrom takes tenant's best cached candidate of a type under its cap. The
// first time the cache has no list for tenant it reads one and returns nil
// (the caller asks again); a tenant with nothing (more) to give is done.
func (p *picker) takeFrom(tenant string) (*core.Record, error) {
	rec, listed := p.e.cache.take(tenant, p.fits)
	if !listed {
		if p.read[tenant] {
			p.done[tenant] = true
			return nil, nil
		}
		p.read[tenant] = true
		return nil, p.e.readCandidates(tenant, p.open)
	}
	if rec == nil {
		p.done[tenant] = true
	}
	return rec, nil
}

// fits reports whether one more job of typ stays within its type's cap.
func (p *picker) fits(typ string) bool {
	return p.typeCap[typ] <= 0 || p.byType[typ] < p.typeCap[typ]
}

// count books a pick of tenant's job of typ in the picker's counters.
func (p *picker) count(tenant, typ string) {
	p.byTenant[tenant]++
	p.byType[typ]++
	p.seq++
	p.served[tenant] = p.seq
}
