package optimizer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/optimizer"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func TestMain(m *testing.M) { testapp.Main(m) }

func newRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	return r
}

func wpRequest(t testing.TB, method, u, user, pass string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestStalePostRefreshedToSamePost is the Optimizer's acceptance test on the
// real test WordPress (core REST): a post published 400 days ago becomes a
// suggested refresh (reason age), its run rewrites the sections as a new
// content version in review (source refresh), and once approved the new
// version republishes to the same post id, which WordPress then shows.
func TestStalePostRefreshedToSamePost(t *testing.T) {
	wpURL, user, pass := os.Getenv("IGNY8_TEST_WP1_URL"), os.Getenv("IGNY8_TEST_WP1_USER"), os.Getenv("IGNY8_TEST_WP1_APP_PASSWORD")
	if wpURL == "" || pass == "" {
		t.Fatal("IGNY8_TEST_WP1_* is not set: run `make test-setup` and source .test-env")
	}
	app := testapp.New(t)
	a := testapp.TenantId(testapp.A)
	site := newRecord(t, app, collections.Sites, map[string]any{"tenant": a, "name": "WP1", "url": wpURL, "transport": "rest",
		"wp_username": user, "app_password": pass, "status": wordpress.SiteConnected})
	tag := fmt.Sprintf("igny8optimizer%d", time.Now().UnixNano())
	content := newRecord(t, app, collections.Contents, map[string]any{"tenant": a, "site": site.Id, "title": "Stale guide " + tag,
		"html":   "<p>Intro " + tag + ".</p><h2>First steps</h2><p>Old advice.</p><h2>Tools</h2><p>Old tools.</p>",
		"status": collections.ContentApproved, "publish_status": collections.PublishNone, "word_count": 900})
	ctx := context.Background()
	if _, err := wordpress.Publish(ctx, app, content.Id); err != nil {
		t.Fatalf("first publish: %v", err)
	}
	content, _ = app.FindRecordById(collections.Contents, content.Id)
	postID := content.GetInt("wp_post_id")
	if postID == 0 {
		t.Fatal("no post id after publishing")
	}
	t.Cleanup(func() {
		wpRequest(t, http.MethodDelete, wpURL+"/wp-json/wp/v2/posts/"+strconv.Itoa(postID)+"?force=true", user, pass)
	})
	content.Set("published_at", time.Now().AddDate(0, 0, -400))
	if err := app.Save(content); err != nil {
		t.Fatal(err)
	}

	res, err := optimizer.Scan(ctx, app, site)
	if err != nil || res.Suggested != 1 {
		t.Fatalf("scan: %+v %v, want one suggestion", res, err)
	}
	refresh, err := app.FindFirstRecordByFilter(collections.Refreshes, "content = {:c}", dbx.Params{"c": content.Id})
	if err != nil {
		t.Fatal(err)
	}
	var reasons []optimizer.Reason
	_ = refresh.UnmarshalJSONField("reasons", &reasons)
	if refresh.GetString("status") != collections.RefreshSuggested || len(reasons) != 1 || reasons[0].Code != optimizer.ReasonAge ||
		!strings.Contains(reasons[0].Text, "refresh after 180 days") {
		t.Fatalf("refresh %v reasons %v", refresh.PublicExport(), reasons)
	}
	before := content.GetInt("version")
	if _, err := optimizer.Refresh(ctx, app, refresh); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	content, _ = app.FindRecordById(collections.Contents, content.Id)
	refresh, _ = app.FindRecordById(collections.Refreshes, refresh.Id)
	v, err := app.FindFirstRecordByFilter(collections.ContentVersions, "content = {:c} && version = {:v}", dbx.Params{"c": content.Id, "v": content.GetInt("version")})
	if err != nil || content.GetInt("version") != before+1 || v.GetString("source") != collections.VersionRefresh ||
		content.GetString("status") != collections.ContentReview || refresh.GetString("status") != collections.RefreshReview ||
		refresh.GetInt("version") != content.GetInt("version") || strings.Count(content.GetString("html"), "Updated ") != 2 ||
		!strings.Contains(content.GetString("html"), ">Tools</h2>") {
		t.Fatalf("after the refresh: content v%d %s %q, version %v (%v), refresh %v", content.GetInt("version"), content.GetString("status"),
			content.GetString("html"), v, err, refresh.PublicExport())
	}

	content.Set("status", collections.ContentApproved)
	if err := app.Save(content); err != nil {
		t.Fatal(err)
	}
	if _, err := wordpress.Publish(ctx, app, content.Id); err != nil {
		t.Fatalf("republish: %v", err)
	}
	content, _ = app.FindRecordById(collections.Contents, content.Id)
	if content.GetInt("wp_post_id") != postID {
		t.Fatalf("republished to post %d, want %d", content.GetInt("wp_post_id"), postID)
	}
	code, body := wpRequest(t, http.MethodGet, wpURL+"/wp-json/wp/v2/posts/"+strconv.Itoa(postID)+"?context=edit&_fields=id,status,content", user, pass)
	var post struct {
		ID      int
		Status  string
		Content struct{ Raw string }
	}
	_ = json.Unmarshal(body, &post)
	if code != 200 || post.Status != "publish" || strings.Count(post.Content.Raw, "Updated ") != 2 {
		t.Fatalf("WordPress post %d: %d %s %q", postID, code, post.Status, post.Content.Raw)
	}
	refresh, _ = app.FindRecordById(collections.Refreshes, refresh.Id)
	if refresh.GetString("status") != collections.RefreshPublished {
		t.Fatalf("refresh %s after republishing, want published", refresh.GetString("status"))
	}
}

// TestScanReasons: thin content, the cluster's missing keywords and falling
// Search Console figures each make a reason; a fresh, full post makes none.
func TestScanReasons(t *testing.T) {
	app := testapp.New(t)
	a, siteId := testapp.TenantId(testapp.A), testapp.SiteId(testapp.A)
	site, _ := app.FindRecordById(collections.Sites, siteId)
	cluster := newRecord(t, app, collections.Clusters, map[string]any{"tenant": a, "site": siteId, "name": "brew", "status": "active"})
	for i, k := range []string{"cold brew ratio", "cold brew concentrate", "nitro cold brew", "cold brew caffeine", "cold brew filter"} {
		newRecord(t, app, collections.Keywords, map[string]any{"tenant": a, "site": siteId, "keyword": k, "volume": 100 - i, "status": "clustered", "cluster": cluster.Id})
	}
	task := newRecord(t, app, collections.Tasks, map[string]any{"tenant": a, "site": siteId, "title": "Cold brew", "cluster": cluster.Id, "status": "done"})
	url := "http://127.0.0.1:9/a/cold-brew/"
	thin := newRecord(t, app, collections.Contents, map[string]any{"tenant": a, "site": siteId, "task": task.Id, "title": "Cold brew",
		"html": "<p>Cold brew ratio notes.</p>", "status": "published", "publish_status": collections.PublishPublished, "wp_post_id": 77,
		"wp_url": url, "published_at": time.Now().AddDate(0, 0, -10), "word_count": 120})
	for _, m := range []struct {
		period, start, end string
		clicks             int
		pos                float64
	}{{"2026-09-01..2026-09-30", "2026-09-01", "2026-09-30", 200, 3.1}, {"2026-10-01..2026-10-31", "2026-10-01", "2026-10-31", 90, 6.4}} {
		newRecord(t, app, collections.PageMetrics, map[string]any{"tenant": a, "site": siteId, "url": url, "source": "google_search_console",
			"period": m.period, "period_start": m.start + " 00:00:00.000Z", "period_end": m.end + " 00:00:00.000Z", "clicks": m.clicks, "position": m.pos})
	}
	newRecord(t, app, collections.Contents, map[string]any{"tenant": a, "site": siteId, "title": "Fresh and full",
		"html": "<p>Full.</p>", "status": "published", "publish_status": collections.PublishPublished, "wp_post_id": 78,
		"published_at": time.Now().AddDate(0, 0, -10), "word_count": 1500})
	res, err := optimizer.Scan(context.Background(), app, site)
	if err != nil || res.Suggested != 1 {
		t.Fatalf("scan: %+v %v, want one suggestion (the fixture's indexed post is fresh)", res, err)
	}
	r, err := app.FindFirstRecordByFilter(collections.Refreshes, "content = {:c}", dbx.Params{"c": thin.Id})
	if err != nil {
		t.Fatal(err)
	}
	var rs []optimizer.Reason
	_ = r.UnmarshalJSONField("reasons", &rs)
	codes := map[string]bool{}
	for _, x := range rs {
		codes[x.Code] = true
	}
	if len(rs) != 4 || !codes[optimizer.ReasonThin] || !codes[optimizer.ReasonMissingKeywords] || !codes[optimizer.ReasonFallingClicks] || !codes[optimizer.ReasonFallingPosition] {
		t.Fatalf("reasons %v", rs)
	}
	var missing []string
	_ = r.UnmarshalJSONField("missing_keywords", &missing)
	if len(missing) != 4 || strings.Contains(strings.Join(missing, ","), "cold brew ratio") {
		t.Fatalf("missing keywords %v, want the four the text lacks", missing)
	}
	again, _ := optimizer.Scan(context.Background(), app, site)
	if again.Suggested != 0 || again.Updated != 1 {
		t.Fatalf("second scan %+v, want the suggestion updated, not repeated", again)
	}
}
