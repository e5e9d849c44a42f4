// Package ratelimit turns on and extends PocketBase's rate limiter. The rules
// live in PocketBase's settings (admin UI → Settings → Rate limits), seeded by
// a migration: PocketBase applies the per-IP ones (sign-in, sign-up, anonymous
// traffic); this package applies the two igny8 rules that PocketBase cannot
// key, and answers every 429 with Retry-After:
//
//   - RuleUser ("igny8:user", @auth): signed-in traffic, counted per user, so an
//     agency office behind one address is not throttled as one client.
//   - RuleTenantAI ("igny8:tenant_ai"): routes that spend AI credits, counted
//     per workspace, bound on those routes with [AISpend].
//
// Both labels are tags no PocketBase request ever carries, so PocketBase keeps
// them in the settings (visible, editable, validated) and never applies them itself.
package ratelimit

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Rule labels igny8 applies itself (see the package doc).
const (
	RuleUser     = "igny8:user"
	RuleTenantAI = "igny8:tenant_ai"
)

// Middleware ids, exported so tests and routes can order around or unbind them.
const (
	MiddlewareUser     = "igny8.rateLimitUser"
	MiddlewareTenantAI = "igny8.rateLimitTenantAI"
	// MiddlewarePriority runs after PocketBase loads the auth token and before
	// its own limiter, so the 429s of both pass through here on the way out.
	MiddlewarePriority = apis.DefaultRateLimitMiddlewarePriority - 10
)

// HookServe is the id of the serve hook that binds the per-user limiter.
const HookServe = "igny8.rateLimits"

// Register binds the per-user limiter and the Retry-After header to every route.
func Register(app core.App) error {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: HookServe,
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: MiddlewareUser, Priority: MiddlewarePriority, Func: perUser})
			return se.Next()
		},
	})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

func perUser(e *core.RequestEvent) error {
	if e.Auth != nil && !skip(e) {
		if err := check(e, RuleUser, "user:"+e.Auth.Collection().Id+":"+e.Auth.Id, core.RateLimitRuleAudienceAuth); err != nil {
			return err
		}
	}
	err := e.Next()
	retryAfterPocketBase(e, err)
	return err
}

// retryAfterPocketBase adds Retry-After to a 429 of PocketBase's own limiter.
// PocketBase names the rule it applied in the error; its fixed window ends at
// most one rule duration from now, which is the header's honest upper bound.
func retryAfterPocketBase(e *core.RequestEvent, err error) {
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusTooManyRequests || e.Response.Header().Get("Retry-After") != "" {
		return
	}
	wait := int64(60)
	if raw, ok := apiErr.RawData().(error); ok {
		if _, js, found := strings.Cut(raw.Error(), "rule: "); found {
			var rule core.RateLimitRule
			if json.Unmarshal([]byte(js), &rule) == nil && rule.Duration > 0 {
				wait = rule.Duration
			}
		}
	}
	e.Response.Header().Set("Retry-After", strconv.FormatInt(wait, 10))
}

// TenantFunc names the workspace a request spends for ("" when it cannot tell;
// the route then answers 404 itself and nothing is counted).
type TenantFunc func(e *core.RequestEvent) string

// AISpend limits a route that spends AI credits per workspace (RuleTenantAI).
// Only requests from members of that workspace are counted, so nobody can use
// up another workspace's allowance by sending its ids.
func AISpend(tenantOf TenantFunc) *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: MiddlewareTenantAI,
		Func: func(e *core.RequestEvent) error {
			if e.Auth == nil || skip(e) {
				return e.Next()
			}
			tenant := tenantOf(e)
			if tenant == "" {
				return e.Next()
			}
			if _, err := tenancy.Require(e.App, e.Auth, tenant, collections.RoleViewer); err != nil {
				return e.Next()
			}
			if err := check(e, RuleTenantAI, "tenant:"+tenant); err != nil {
				return err
			}
			return e.Next()
		},
	}
}

// PathRecord resolves the workspace of the record of collection whose id is
// the path parameter param (or the tenant id itself for collections.Tenants).
func PathRecord(param, collection string) TenantFunc {
	return func(e *core.RequestEvent) string {
		return tenantOfRecord(e.App, collection, e.Request.PathValue(param))
	}
}

// BodyRecord is PathRecord for ids sent in the JSON body, given as pairs of
// field and collection ("cluster", collections.Clusters, "site", …); the first
// field that is set wins. The body stays readable for the route.
func BodyRecord(fieldCollectionPairs ...string) TenantFunc {
	return func(e *core.RequestEvent) string {
		body := map[string]any{}
		if err := e.BindBody(&body); err != nil {
			return ""
		}
		for i := 0; i+1 < len(fieldCollectionPairs); i += 2 {
			if id, _ := body[fieldCollectionPairs[i]].(string); id != "" {
				return tenantOfRecord(e.App, fieldCollectionPairs[i+1], id)
			}
		}
		return ""
	}
}

func tenantOfRecord(app core.App, collection, id string) string {
	if id == "" {
		return ""
	}
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return ""
	}
	if collection == collections.Tenants {
		return r.Id
	}
	return r.GetString("tenant")
}

func skip(e *core.RequestEvent) bool {
	s := e.App.Settings().RateLimits
	return !s.Enabled || e.HasSuperuserAuth()
}

// check applies the settings rule label (if present and for the audience) to key.
func check(e *core.RequestEvent, label, key string, audience ...string) error {
	rule, ok := findRule(e.App, label, audience...)
	if !ok {
		return nil
	}
	l := limiterFor(e.App, rule)
	allowed, wait := l.allow(key, clockOf(e.App).Now())
	if allowed {
		return nil
	}
	secs := int64(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	e.Response.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	return apis.NewTooManyRequestsError(fmt.Sprintf("Too many requests: at most %d per %d s. Try again in %d s.", rule.MaxRequests, rule.Duration, secs), nil)
}

func findRule(app core.App, label string, audience ...string) (core.RateLimitRule, bool) {
	for _, r := range app.Settings().RateLimits.Rules {
		if r.Label != label {
			continue
		}
		if len(audience) == 0 || r.Audience == core.RateLimitRuleAudienceAll || r.Audience == audience[0] {
			return r, true
		}
	}
	return core.RateLimitRule{}, false
}

var limitersMu sync.Mutex

const storeKey = "igny8.rateLimiters"

// limiterFor returns the app's limiter of rule; an edited rule (other numbers)
// gets a fresh one, as PocketBase resets its limiters on a settings change.
func limiterFor(app core.App, rule core.RateLimitRule) *limiter {
	limitersMu.Lock()
	defer limitersMu.Unlock()
	all, _ := app.Store().Get(storeKey).(map[string]*limiter)
	if all == nil {
		all = map[string]*limiter{}
		app.Store().Set(storeKey, all)
	}
	id := fmt.Sprintf("%s|%s|%d|%d", rule.Label, rule.Audience, rule.MaxRequests, rule.Duration)
	l := all[id]
	if l == nil {
		l = newLimiter(rule.MaxRequests, time.Duration(rule.Duration)*time.Second)
		all[id] = l
	}
	return l
}
