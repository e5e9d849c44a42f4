package autopilot_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/autopilot"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// wpPost is the part of a WordPress post the acceptance test reads back.
type wpPost struct {
	ID      int    `json:"id"`
	Status  string `json:"status"`
	DateGMT string `json:"date_gmt"`
}

type testWP struct{ url, user, pass string }

func wordPress1(t *testing.T) testWP {
	w := testWP{os.Getenv("IGNY8_TEST_WP1_URL"), os.Getenv("IGNY8_TEST_WP1_USER"), os.Getenv("IGNY8_TEST_WP1_APP_PASSWORD")}
	if w.url == "" || os.Getenv("IGNY8_ALLOW_PRIVATE_HOSTS") == "" {
		t.Fatal("IGNY8_TEST_WP1_* is not set: source the checkout's .test-env (scripts/test-setup.sh starts the test WordPress)")
	}
	return w
}

func (w testWP) do(t *testing.T, method, route string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(method, w.url+"/wp-json"+route, nil)
	req.SetBasicAuth(w.user, w.pass)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, route, err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, route, err)
		}
	}
	return res.StatusCode
}

// cleanup removes the posts and media the site's contents put on WordPress.
func (w testWP) cleanup(t *testing.T, app core.App, siteId string) {
	contents, _ := app.FindRecordsByFilter(collections.Contents, "site = {:s} && wp_post_id > 0", "", 0, 0, dbx.Params{"s": siteId})
	for _, c := range contents {
		w.do(t, http.MethodDelete, fmt.Sprintf("/wp/v2/posts/%d?force=true", c.GetInt("wp_post_id")), nil)
	}
	images, _ := app.FindRecordsByFilter(collections.Images, "site = {:s} && wp_media_id > 0", "", 0, 0, dbx.Params{"s": siteId})
	for _, i := range images {
		w.do(t, http.MethodDelete, fmt.Sprintf("/wp/v2/media/%d?force=true", i.GetInt("wp_media_id")), nil)
	}
}

// TestAcceptanceThreeDays is issue 19's acceptance on the injectable clock:
// keywords are imported, the five schedules and auto-approve are enabled
// (with a Mon/Wed/Fri 09:00 Berlin cadence, "yoga" banned, and the outline
// and near-duplicate gates loosened for the dev provider's templated
// articles, which follow no outline and share half their phrasing), and the clock
// moves through three simulated days one hourly window at a time. The
// espresso articles pass the gates and go to the real test WordPress as
// future posts on the cadence's slots (date_gmt = the slot), each exactly
// once; the yoga articles stay in review with the banned-words gate and its
// reason; a paused site does nothing; workspace B without credits stops
// cleanly and resumes after a grant; A's balance fell by exactly what its
// jobs committed and credits verify passes.
func TestAcceptanceThreeDays(t *testing.T) {
	t.Parallel()
	wp := wordPress1(t)
	c := newChain(t, wp.url)
	c.site.Set("wp_username", wp.user)
	c.site.Set("app_password", wp.pass)
	c.site.Set("timezone", "Europe/Berlin")
	if err := c.app.Save(c.site); err != nil {
		t.Fatal(err)
	}
	c.site.Set("status", "connected") // new credentials put a site back to new until a check passes
	if err := c.app.Save(c.site); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wp.cleanup(t, c.app, c.site.Id) })
	client := testapp.NewClient(t, c.app)
	owner := testapp.Token(t, c.app, testapp.A, collections.RoleOwner)
	client.Must(http.MethodPatch, "/api/igny8/autopilot/"+c.site.Id, owner, `{"auto_approve":true,
		"cadence":{"days":["mon","wed","fri"],"times":["09:00"],"per_day":1},
		"gates":{"outline":{"off":true},"duplicate":{"max_similarity":0.8},"banned_words":{"words":["yoga"]}}}`, http.StatusOK)
	c.importKeywords(t, chainKeywords...)
	c.enable(t, allSteps...)

	// a paused site of A with keywords and every schedule on
	paused := c.newSite(t, testapp.A, "http://127.0.0.1:9/paused")
	if _, err := importInto(c, paused, "french press", "french press ratio"); err != nil {
		t.Fatal(err)
	}
	c.enableOn(t, paused, allSteps...)
	client.Must(http.MethodPatch, "/api/igny8/autopilot/"+paused.Id, owner, `{"paused":true}`, http.StatusOK)

	// workspace B without credits
	broke := c.newSite(t, testapp.B, "http://127.0.0.1:9/broke")
	if _, err := importInto(c, broke, "sourdough starter", "sourdough bread"); err != nil {
		t.Fatal(err)
	}
	c.enableOn(t, broke, allSteps[:4]...)
	bBal, _ := billing.GetBalance(c.app, testapp.TenantId(testapp.B))
	if _, err := billing.Append(c.app, billing.Entry{Tenant: testapp.TenantId(testapp.B), Kind: collections.LedgerAdjust,
		PlanDelta: -bBal.Plan, TopupDelta: -bBal.Topup, Note: "test: no credits", Key: "test-broke"}); err != nil {
		t.Fatal(err)
	}

	startA := balance(t, c.app, testapp.A)
	for h := 0; h < 72; h++ {
		c.hour(t)
		if h == 23 { // after day one B has nothing and waits on credits, cleanly
			if n, _ := c.app.CountRecords(collections.Clusters, dbx.HashExp{"site": broke.Id}); n != 0 {
				t.Fatalf("B made %d clusters without credits", n)
			}
			if o := autopilot.Steps(c.app, broke)["clustering"]; o.State != autopilot.StateWaitingCredits {
				t.Fatalf("B's clustering step = %+v, want waiting_credits", o)
			}
			var failedRuns int
			_ = c.app.DB().NewQuery("SELECT COUNT(*) FROM jobs WHERE site = {:s} AND status = 'failed'").Bind(dbx.Params{"s": broke.Id}).Row(&failedRuns)
			if failedRuns != 0 {
				t.Fatalf("%d failed jobs on B's site: the stop was not clean", failedRuns)
			}
			if _, err := billing.Grant(c.app, testapp.TenantId(testapp.B), 200, "test: a grant resumes the chain", "test-grant"); err != nil {
				t.Fatal(err)
			}
		}
	}

	// the paused site did nothing
	var pausedJobs int
	_ = c.app.DB().NewQuery("SELECT COUNT(*) FROM jobs WHERE site = {:s} AND type != 'schedule.run'").Bind(dbx.Params{"s": paused.Id}).Row(&pausedJobs)
	if n, _ := c.app.CountRecords(collections.Clusters, dbx.HashExp{"site": paused.Id}); pausedJobs != 0 || n != 0 {
		t.Fatalf("the paused site got %d jobs and %d clusters", pausedJobs, n)
	}
	if o := autopilot.Steps(c.app, paused)["writing"]; o.State != autopilot.StatePaused {
		t.Fatalf("paused site's writing step = %+v", o)
	}
	// B resumed after the grant
	if n, _ := c.app.CountRecords(collections.Contents, dbx.HashExp{"site": broke.Id}); n == 0 {
		t.Fatal("B's chain did not resume after the grant")
	}

	// gates: yoga articles wait in review with the reason, espresso ones were approved and posted
	contents, _ := c.app.FindRecordsByFilter(collections.Contents, "site = {:s}", "scheduled_at", 0, 0, dbx.Params{"s": c.site.Id})
	if len(contents) != 6 {
		t.Fatalf("%d contents, want one per idea (6)", len(contents))
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	slots := map[string]bool{}
	posted := 0
	for _, ct := range contents {
		var r autopilot.Review
		_ = ct.UnmarshalJSONField("gates", &r)
		yoga := strings.Contains(strings.ToLower(ct.GetString("title")+ct.GetString("html")), "yoga")
		if yoga {
			if ct.GetString("status") != collections.ContentReview || strings.Join(r.Failed, ",") != autopilot.GateBannedWords || ct.GetInt("wp_post_id") != 0 {
				t.Fatalf("yoga article %q: status %s, failed %v, post %d", ct.GetString("title"), ct.GetString("status"), r.Failed, ct.GetInt("wp_post_id"))
			}
			detail := ""
			for _, g := range r.Results {
				if g.Gate == autopilot.GateBannedWords {
					detail = g.Detail
				}
			}
			if !strings.Contains(detail, `"yoga"`) {
				t.Fatalf("banned-words reason %q", detail)
			}
			continue
		}
		if !r.Passed || ct.GetString("status") != collections.ContentApproved || ct.GetString("publish_status") != collections.PublishScheduled {
			t.Fatalf("espresso article %q: status %s/%s, gates %s", ct.GetString("title"), ct.GetString("status"), ct.GetString("publish_status"), ct.GetString("gates"))
		}
		slot := ct.GetDateTime("scheduled_at").Time()
		local := slot.In(berlin)
		if wd := local.Weekday(); (wd != time.Monday && wd != time.Wednesday && wd != time.Friday) || local.Format("15:04") != "09:00" || slots[local.Format(time.DateOnly)] {
			t.Fatalf("slot %s (Berlin %s) is not a free Mon/Wed/Fri 09:00", slot, local)
		}
		slots[local.Format(time.DateOnly)] = true
		var p wpPost
		if code := wp.do(t, http.MethodGet, fmt.Sprintf("/wp/v2/posts/%d?context=edit&_fields=id,status,date_gmt", ct.GetInt("wp_post_id")), &p); code != http.StatusOK {
			t.Fatalf("post %d: %d", ct.GetInt("wp_post_id"), code)
		}
		if p.Status != "future" || p.DateGMT != slot.UTC().Format("2006-01-02T15:04:05") {
			t.Fatalf("post %d is %s at %s, want future at %s", p.ID, p.Status, p.DateGMT, slot.UTC())
		}
		posted++
	}
	if posted != 3 {
		t.Fatalf("%d posts on WordPress, want the 3 espresso articles", posted)
	}
	// each exactly once: one publish job per article, and the slots are the first three after the start
	var publishes int
	_ = c.app.DB().NewQuery("SELECT COUNT(*) FROM jobs WHERE site = {:s} AND type = 'wordpress.publish'").Bind(dbx.Params{"s": c.site.Id}).Row(&publishes)
	if publishes != 3 {
		t.Fatalf("%d publish jobs, want 3", publishes)
	}
	// consecutive slots: the three after the first one taken, none skipped
	var first time.Time
	for _, ct := range contents {
		if at := ct.GetDateTime("scheduled_at").Time(); !at.IsZero() && (first.IsZero() || at.Before(first)) {
			first = at
		}
	}
	want := autopilot.Cadence{Days: []string{"mon", "wed", "fri"}, Times: []string{"09:00"}, PerDay: 1}.Next(berlin, first.Add(-time.Minute), nil, 3)
	for _, s := range want {
		if !slots[s.In(berlin).Format(time.DateOnly)] {
			t.Fatalf("slots %v, want three consecutive cadence slots: %v", slots, want)
		}
	}

	// credits: A's balance fell by exactly what A's jobs committed
	var committed int
	_ = c.app.DB().NewQuery("SELECT COALESCE(SUM(credits),0) FROM jobs WHERE tenant = {:t} AND credits_state IN ('committed','reserved')").
		Bind(dbx.Params{"t": testapp.TenantId(testapp.A)}).Row(&committed)
	if got := balance(t, c.app, testapp.A); got != startA-committed {
		t.Fatalf("A's balance %d, want %d - %d", got, startA, committed)
	}
	if want := 6*(3+3) + billing.Cost(billing.ActionIdea, 6); committed < want {
		t.Fatalf("A's jobs committed %d credits, want at least %d (6 articles, 18 images, 6 ideas)", committed, want)
	}
	c.verify(t)

	// the chain-state route tells the story
	st := client.Must(http.MethodGet, "/api/igny8/autopilot/"+c.site.Id, owner, "", http.StatusOK)
	if st["state"] != autopilot.ChainWaitingReview || len(st["review"].([]any)) != 3 {
		t.Fatalf("chain state %v, review %v", st["state"], st["review"])
	}
	cal := client.Must(http.MethodGet, "/api/igny8/autopilot/"+c.site.Id+"/calendar?days=30", owner, "", http.StatusOK)
	today := c.clock.Now().In(berlin).Format(time.DateOnly)
	upcoming := 0
	for day := range slots {
		if day >= today {
			upcoming++
		}
	}
	if items, _ := cal["items"].([]any); len(items) != upcoming || upcoming == 0 {
		t.Fatalf("calendar items %v, want the %d slots from today (%s) on", cal["items"], upcoming, today)
	}
}
