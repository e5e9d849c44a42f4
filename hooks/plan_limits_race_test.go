package hooks_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// racePlan puts workspace A on a plan that allows exactly one more site and
// one more user than A has.
func racePlan(t *testing.T, app core.App) (tenant string) {
	t.Helper()
	tenant = testapp.TenantId(testapp.A)
	sites, _ := app.CountRecords(collections.Sites, dbx.HashExp{"tenant": tenant})
	members, _ := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": tenant})
	invited, _ := app.CountRecords(collections.Invitations, dbx.HashExp{"tenant": tenant, "status": collections.InvitePending})
	members += invited // pending invitations hold seats too
	col, err := app.FindCollectionByNameOrId(collections.Plans)
	if err != nil {
		t.Fatal(err)
	}
	plan := core.NewRecord(col)
	plan.Load(map[string]any{"code": "race", "name": "Race", "max_sites": sites + 1, "max_users": members + 1})
	if err := app.Save(plan); err != nil {
		t.Fatal(err)
	}
	rec, err := app.FindRecordById(collections.Tenants, tenant)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("plan", plan.Id)
	if err := app.Save(rec); err != nil {
		t.Fatal(err)
	}
	return tenant
}

// TestPlanLimitSitesRace sends 12 concurrent site creates through the real
// HTTP API to a workspace whose plan has room for one more site: exactly one
// is created, the others get the plan-limit 403.
func TestPlanLimitSitesRace(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tenant := racePlan(t, app)
	before, _ := app.CountRecords(collections.Sites, dbx.HashExp{"tenant": tenant})
	srv := testapp.HTTPServer(t, app)
	token := testapp.Token(t, app, testapp.A, collections.RoleAdmin)

	const n = 12
	codes := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/collections/sites/records", strings.NewReader(
				fmt.Sprintf(`{"tenant":%q,"name":"Race %d","url":"https://race%d.example.com"}`, tenant, i, i)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			codes[i] = res.StatusCode
			if res.StatusCode != 200 && !strings.Contains(string(body), "igny8_plan_limit") {
				t.Errorf("create %d: %d %s", i, res.StatusCode, body)
			}
		}()
	}
	close(start)
	wg.Wait()
	after, _ := app.CountRecords(collections.Sites, dbx.HashExp{"tenant": tenant})
	ok := 0
	for _, c := range codes {
		if c == 200 {
			ok++
		}
	}
	if after != before+1 || ok != 1 {
		t.Fatalf("plan with room for 1 more site: %d created (%d answered 200), codes %v", after-before, ok, codes)
	}
}

// TestPlanLimitMembersRace saves 12 memberships concurrently through Go (the
// path every membership route takes) on a plan with room for one more user.
// A barrier in the validate stage holds every save until all 12 have passed
// the checks before it, so the interleaving an attacker hopes for — every
// create checked before any is written — happens on every run.
func TestPlanLimitMembersRace(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tenant := racePlan(t, app)
	const n = 12
	var arrived atomic.Int32
	all := make(chan struct{})
	app.OnRecordValidate(collections.Memberships).BindFunc(func(e *core.RecordEvent) error {
		if arrived.Add(1) == n {
			close(all)
		}
		select {
		case <-all:
		case <-time.After(10 * time.Second): // liveness only: never hang the suite
		}
		return e.Next()
	})
	before, _ := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": tenant})
	users, _ := app.FindCollectionByNameOrId(collections.Users)
	members, _ := app.FindCollectionByNameOrId(collections.Memberships)
	recs := make([]*core.Record, n)
	for i := range recs {
		u := core.NewRecord(users)
		u.SetEmail(fmt.Sprintf("race%d@example.com", i))
		u.SetPassword(testapp.Password)
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		recs[i] = core.NewRecord(members)
		recs[i].Load(map[string]any{"user": u.Id, "tenant": tenant, "role": collections.RoleViewer})
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = app.Save(recs[i])
		}()
	}
	close(start)
	wg.Wait()
	after, _ := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": tenant})
	saved := 0
	for i, err := range errs {
		if err == nil {
			saved++
		} else if !strings.Contains(fmt.Sprint(err), "plan allows") {
			t.Errorf("save %d: %v", i, err)
		}
	}
	if after != before+1 || saved != 1 {
		t.Fatalf("plan with room for 1 more user: %d memberships added (%d saves succeeded)", after-before, saved)
	}
}
