package wpimport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wpimport"
	"github.com/pocketbase/dbx"
)

// TestImportPostsShape: the published plugin's post types and meta under a
// table prefix other than wp_, with the cut post type names real rows carry,
// serialized meta, taxonomies, the OpenAI key (imported encrypted when
// asked), and a rollback that leaves the workspace exactly as before.
func TestImportPostsShape(t *testing.T) {
	dsn, db := legacyDB(t)
	linked := loadPostsShape(t, db, "blog_", 100, 2000)
	app := testapp.New(t)
	tenant := testapp.TenantId(testapp.A)
	siteRec, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	siteRec.Set("status", "new")
	siteRec.Set("url", "https://old.example.com/") // the clusters' target pages are on it
	if err := app.Save(siteRec); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, app, tenant)

	if _, err := wpimport.Open(context.Background(), dsn, "wp_", nil); err != nil {
		t.Fatal(err)
	}
	src, _ := wpimport.Open(context.Background(), dsn, "wp_", nil)
	site, _ := wpimport.FindSite(app, "workspace-a", testapp.SiteId(testapp.A))
	if _, err := wpimport.Run(context.Background(), app, src, site, wpimport.Options{}); err == nil || !strings.Contains(err.Error(), "no IGNY8 plugin data") {
		t.Fatalf("wrong prefix: %v", err)
	}
	src.Close()

	rep := run(t, app, dsn, "blog_", wpimport.Options{WithAPIKey: true, Actor: "test"})
	out := printed(rep)
	if rep.Shape != "posts" || !rep.OK() {
		t.Fatalf("import did not validate:\n%s", out)
	}
	kw := table(t, rep, "keywords")
	if kw.Source != 2000 || kw.Imported != 1998 || kw.Skipped != 2 {
		t.Fatalf("keywords %+v\n%s", kw, out)
	}
	if c := table(t, rep, "clusters"); c.Imported != 100 {
		t.Fatalf("clusters %+v", c)
	}
	if c := table(t, rep, "ideas"); c.Imported != 100 || c.Source != 100 {
		t.Fatalf("ideas (igny8_content_planne posts) %+v", c)
	}
	if c := table(t, rep, "contents"); c.Imported != len(linked) || c.Skipped != 1 {
		t.Fatalf("contents %+v\n%s", c, out)
	}
	if c := table(t, rep, "personas"); c.Imported != 3 {
		t.Fatalf("personas (igny8_context_profil posts) %+v", c)
	}
	if c := table(t, rep, "links"); c.Imported != 18 || c.Skipped != 2 || c.Carried != 0 || !c.Match {
		t.Fatalf("links %+v", c)
	}
	first, err := app.FindFirstRecordByFilter(collections.InternalLinks, "site = {:s} && source_post = {:p}", dbx.Params{"s": site.Id, "p": linked[0]})
	if err != nil {
		t.Fatalf("the first legacy link: %v", err)
	}
	srcContent, _ := app.FindFirstRecordByFilter(collections.Contents, "site = {:s} && slug = {:slug}", dbx.Params{"s": site.Id, "slug": fmt.Sprintf("slug-%d", linked[0])})
	if srcContent == nil || first.GetString("source_content") != srcContent.Id || first.GetString("source_key") != "content:"+srcContent.Id ||
		first.GetString("target_content") == "" || first.GetString("anchor") != "read more" || first.GetString("origin") != collections.LinkOriginImport ||
		first.GetString("status") != collections.LinkApproved || first.GetString("priority") != collections.PriorityMedium {
		t.Fatalf("first link %v (source %v)", first.PublicExport(), srcContent)
	}
	// performance logs: one page_metrics record per cluster page and day, log
	// 9 merged into log 1's, log 10 (no cluster) skipped
	if c := table(t, rep, "metrics"); c.Source != 10 || c.Imported != 8 || c.Merged != 1 || c.Skipped != 1 || c.Carried != 0 || !c.Match {
		t.Fatalf("performance logs %+v\n%s", c, out)
	}
	if !hasIssue(rep.Skipped, "metrics", fmt.Sprintf("post#%d", linked[0]-1), "names no page") {
		t.Errorf("the performance log without a cluster is not listed:\n%s", out)
	}
	// the variation of post 5 (a cluster's post, no igny8 content): kept with its post id
	if v := table(t, rep, "variations"); v.Imported != 1 || !v.Match {
		t.Fatalf("variations %+v", v)
	}
	if v, err := app.FindFirstRecordByFilter(collections.Variations, "site = {:s} && wp_post_id = 5", dbx.Params{"s": site.Id}); err != nil ||
		v.GetString("content") != "" || v.GetString("html") != "<p>Servus</p>" {
		t.Fatalf("variation of post 5: %v %v", v, err)
	}
	pm, err := app.FindFirstRecordByFilter(collections.PageMetrics, "site = {:s} && url = 'https://old.example.com/hiking-2/' && period = '2024-06-01..2024-06-01'",
		dbx.Params{"s": site.Id})
	if err != nil || pm.GetInt("clicks") != 12 || pm.GetInt("impressions") != 340 || pm.GetString("source") != collections.MetricsSourceWPPlugin {
		t.Fatalf("page metrics of the first log: %v %v", pm, err)
	}
	for _, c := range []struct{ table, legacy, reason string }{
		{"keywords", "post#102", "keyword: "},
		{"keywords", "post#104", "duplicate of post#103"},
		{"contents", "post#999999", "does not exist"},
		{"settings", "option:igny8_bridge_secret", "Bridge plugin"},
		// the Bridge's own options without its prefix (what igny8 pushed to the site)
		{"settings", "option:igny8_defaults", "Bridge plugin"},
		{"settings", "option:igny8_site_id", "Bridge plugin"},
	} {
		if !hasIssue(rep.Skipped, c.table, c.legacy, c.reason) {
			t.Errorf("no skipped %s %s %q:\n%s", c.table, c.legacy, c.reason, out)
		}
	}
	for _, c := range []struct{ table, legacy, reason string }{
		{"keywords", "post#101", "double-encoded"},
		{"keywords", "post#105", "cluster points at post#777777"},
		{"keywords", "post#106", "zero date"},
		{"ideas", "post#2106", `unknown status "Exploded"`},
	} {
		if !hasIssue(rep.Notes, c.table, c.legacy, c.reason) {
			t.Errorf("no note %s %s %q:\n%s", c.table, c.legacy, c.reason, out)
		}
	}
	s := testapp.SiteId(testapp.A)
	if _, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = 'wanderschuhe für männer größe 45'", dbx.Params{"s": s}); err != nil {
		t.Errorf("double-encoded title not repaired: %v", err)
	}
	// the serialized relation of keyword 7 found its cluster
	k7, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = 'hiking boots model 7'", dbx.Params{"s": s})
	if err != nil || k7.GetString("cluster") == "" || k7.GetString("status") != "clustered" || k7.GetFloat("difficulty") != 7 {
		t.Errorf("keyword 7 %v %v", k7, err)
	}
	hub, err := app.FindFirstRecordByFilter(collections.Ideas, "site = {:s} && title = 'Planned article 2'", dbx.Params{"s": s})
	if err != nil || hub.GetString("content_type") != "page" || hub.GetString("structure") != "pillar" || hub.GetString("status") != "done" {
		t.Errorf("idea 2 %v %v", hub, err)
	}
	ten, _ := app.FindRecordById(collections.Tenants, tenant)
	stored := ten.GetString(collections.TenantAIKey)
	if !tenancy.IsEncrypted(stored) {
		t.Fatalf("the imported API key is not stored encrypted: %q", stored)
	}
	if key, err := tenancy.Secret(app, ten, collections.TenantAIKey); err != nil || key != "sk-legacy-posts-key" {
		t.Fatalf("api key %q %v", key, err)
	}
	var settings map[string]map[string]any
	_ = json.Unmarshal([]byte(ten.GetString("settings")), &settings)
	if settings[wpimport.SettingsKey]["igny8_model"] != "gpt-4.1" || settings[wpimport.SettingsKey]["igny8_flux_display_position"] != nil {
		t.Errorf("settings %v", settings)
	}
	if strings.Contains(out, "sk-legacy-posts-key") {
		t.Fatal("the report shows the API key")
	}
	batch, _ := app.FindRecordById(collections.ImportBatches, rep.Batch)
	if strings.Contains(batch.GetString("report")+batch.GetString("carried"), "sk-legacy-posts-key") {
		t.Fatal("the batch stores the API key")
	}
	if n := count(t, app, collections.Contents, "tenant = {:t} AND scheduled_at LIKE '2025-01-15 09:30%'"); n != len(linked) {
		t.Errorf("scheduled contents %d", n)
	}

	again := run(t, app, dsn, "blog_", wpimport.Options{WithAPIKey: true, Actor: "test"})
	for _, tb := range again.Tables {
		if tb.Imported != 0 && tb.Name != "settings" {
			t.Errorf("re-import created %d %s", tb.Imported, tb.Name)
		}
	}
	if _, err := wpimport.Rollback(context.Background(), app, again.Batch); err != nil {
		t.Fatal(err)
	}
	rb, err := wpimport.Rollback(context.Background(), app, rep.Batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(rb.Kept) != 0 {
		t.Errorf("kept %v", rb.Kept)
	}
	if d := diffSnapshots(before, snapshot(t, app, tenant)); len(d) > 0 {
		t.Fatalf("rollback left the workspace changed:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}
}
