package ratelimit_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/ratelimit"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// limited sends n requests that must pass (any status but 429), then one more
// that must be 429 with a Retry-After of 1..max seconds.
func limited(t *testing.T, n int, max int, send func(i int) testapp.Response) {
	t.Helper()
	for i := 0; i < n; i++ {
		if r := send(i); r.Status == 429 {
			t.Fatalf("request %d of %d was limited: %s", i+1, n, r.Body)
		}
	}
	r := send(n)
	if r.Status != 429 {
		t.Fatalf("request %d: want 429, got %d: %s", n+1, r.Status, r.Body)
	}
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > max {
		t.Fatalf("Retry-After %q, want 1..%d", r.Header.Get("Retry-After"), max)
	}
}

func TestSignInLimitedPerIP(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	body := fmt.Sprintf(`{"identity":%q,"password":"wrong-password"}`, testapp.Email(testapp.A, "owner"))
	limited(t, 10, 60, func(int) testapp.Response {
		return c.Do("POST", "/api/collections/users/auth-with-password", "", body)
	})
	// another address is a different client
	c.RemoteAddr = "198.51.100.7:5000"
	if r := c.Do("POST", "/api/collections/users/auth-with-password", "", body); r.Status != 400 {
		t.Fatalf("another IP: want 400, got %d", r.Status)
	}
}

func TestSignupLimitedPerIP(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	limited(t, 5, 3600, func(i int) testapp.Response {
		return c.Do("POST", "/api/igny8/auth/signup", "", fmt.Sprintf(`{"email":"s%d@example.com","password":"long-enough-1","name":"S","workspace":"W%d"}`, i, i))
	})
}

func TestAnonymousLimitedPerIP(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	limited(t, 100, 60, func(int) testapp.Response { return c.Do("GET", "/api/collections/plans/records", "", "") })
	// a signed-in user behind the same address is counted on their own
	if r := c.Do("GET", "/api/collections/plans/records", testapp.Token(t, app, testapp.A, "viewer"), ""); r.Status != 200 {
		t.Fatalf("signed-in request from the throttled IP: want 200, got %d", r.Status)
	}
}

// setRule edits one rule in the settings, as an operator does in the admin UI.
func setRule(t *testing.T, app core.App, label string, max int) {
	t.Helper()
	s := app.Settings()
	for i := range s.RateLimits.Rules {
		if s.RateLimits.Rules[i].Label == label {
			s.RateLimits.Rules[i].MaxRequests = max
			if err := app.Save(s); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no %s rule in the settings", label)
}

// stillClock stops app's limiter clock, so igny8's own windows (per user,
// per workspace) neither close during a slow test nor depend on when it runs.
func stillClock(app core.App) *testapp.Clock {
	c := testapp.NewClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	ratelimit.SetClock(app, c)
	return c
}

// A window lasts the rule's duration on the limiter's clock: the refusal's
// Retry-After counts down the rest of it, and the next window lets the user in.
func TestUserWindowOpensAgain(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	clock := stillClock(app)
	setRule(t, app, "igny8:user", 5)
	c := testapp.NewClient(t, app)
	me := testapp.Token(t, app, testapp.A, "editor")
	send := func(int) testapp.Response { return c.Do("GET", "/api/igny8/workspaces", me, "") }
	limited(t, 5, 60, send)
	if r := send(0); r.Status != 429 || r.Header.Get("Retry-After") != "60" {
		t.Fatalf("at the window's start: want 429 with Retry-After 60, got %d %q", r.Status, r.Header.Get("Retry-After"))
	}
	clock.Add(59*time.Second + 500*time.Millisecond)
	if r := send(0); r.Status != 429 || r.Header.Get("Retry-After") != "1" {
		t.Fatalf("half a second before the window ends: want 429 with Retry-After 1, got %d %q", r.Status, r.Header.Get("Retry-After"))
	}
	clock.Add(500 * time.Millisecond)
	limited(t, 5, 60, send)
}

// Signed-in traffic is counted per user, whatever the address: one user is
// limited across addresses, a colleague behind the same address is not.
func TestSignedInLimitedPerUser(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	stillClock(app)
	setRule(t, app, "igny8:user", 5)
	c := testapp.NewClient(t, app)
	me := testapp.Token(t, app, testapp.A, "editor")
	limited(t, 5, 60, func(i int) testapp.Response {
		c.RemoteAddr = fmt.Sprintf("203.0.113.%d:1000", i+1)
		return c.Do("GET", "/api/igny8/workspaces", me, "")
	})
	if r := c.Do("GET", "/api/igny8/workspaces", testapp.Token(t, app, testapp.A, "viewer"), ""); r.Status != 200 {
		t.Fatalf("a colleague on the same address: want 200, got %d", r.Status)
	}
}

// AI-spending routes are limited per workspace (30/min by default): members
// share their workspace's allowance, other workspaces keep theirs, and an
// outsider sending A's id uses up nothing of A's.
func TestAIRoutesLimitedPerWorkspace(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	stillClock(app)
	c := testapp.NewClient(t, app)
	a := fmt.Sprintf(`{"tenant":%q}`, testapp.TenantId(testapp.A)) // refused after the limiter (no prompt type): no AI spent
	outsider := testapp.OutsiderToken(t, app)
	for range 40 {
		if r := c.Do("POST", "/api/igny8/thinker/playground", outsider, a); r.Status != 404 {
			t.Fatalf("outsider: want 404, got %d", r.Status)
		}
	}
	editor, admin := testapp.Token(t, app, testapp.A, "editor"), testapp.Token(t, app, testapp.A, "admin")
	limited(t, 30, 60, func(i int) testapp.Response {
		who := editor
		if i%2 == 1 {
			who = admin
		}
		return c.Do("POST", "/api/igny8/thinker/playground", who, a)
	})
	b := fmt.Sprintf(`{"tenant":%q}`, testapp.TenantId(testapp.B))
	if r := c.Do("POST", "/api/igny8/thinker/playground", testapp.Token(t, app, testapp.B, "editor"), b); r.Status == 429 {
		t.Fatal("workspace B was limited by A's requests")
	}
	// the writer's AI routes share the workspace's allowance
	r := c.Do("POST", "/api/igny8/writer/contents/"+testapp.RecordId(collections.Contents, testapp.A)+"/reparse", editor, `{}`)
	if r.Status != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("reparse in A: want 429 with Retry-After, got %d %q", r.Status, r.Header.Get("Retry-After"))
	}
}
