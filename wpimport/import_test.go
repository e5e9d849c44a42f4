package wpimport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wpimport"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// snapshot renders every record of the workspace that an import may touch
// (all fields but updated), so "as before" can be compared exactly.
func snapshot(t testing.TB, app core.App, tenant string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, col := range []string{collections.Clusters, collections.Keywords, collections.Ideas, collections.Tasks, collections.Contents,
		collections.Images, collections.Prompts, collections.Personas, collections.Schedules, collections.InternalLinks, collections.PageMetrics,
		collections.Variations, collections.ImportRecords} {
		recs, err := app.FindRecordsByFilter(col, "tenant = {:t}", "", 0, 0, dbx.Params{"t": tenant})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			m := r.PublicExport()
			delete(m, "updated")
			for _, f := range r.Collection().Fields {
				if f.GetHidden() {
					m[f.GetName()] = r.Get(f.GetName())
				}
			}
			b, _ := json.Marshal(m)
			out[col+"/"+r.Id] = string(b)
		}
	}
	ten, err := app.FindRecordById(collections.Tenants, tenant)
	if err != nil {
		t.Fatal(err)
	}
	out["tenant/settings"] = ten.GetString("settings")
	out["tenant/ai_api_key"] = ten.GetString(collections.TenantAIKey)
	return out
}

func diffSnapshots(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, fmt.Sprintf("%s:\n  before %s\n  after  %s", k, v, b[k]))
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "added "+k+" "+v)
		}
	}
	sort.Strings(d)
	return d
}

func run(t testing.TB, app core.App, dsn, prefix string, opts wpimport.Options) *wpimport.Report {
	t.Helper()
	src, err := wpimport.Open(context.Background(), dsn, prefix, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	site, err := wpimport.FindSite(app, "workspace-a", testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := wpimport.Run(context.Background(), app, src, site, opts)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func table(t testing.TB, rep *wpimport.Report, name string) *wpimport.Table {
	t.Helper()
	for _, tb := range rep.Tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no %s table in the report", name)
	return nil
}

func printed(rep *wpimport.Report) string {
	var b bytes.Buffer
	rep.Print(&b)
	return b.String()
}

func hasIssue(list []wpimport.Issue, table, legacy, reason string) bool {
	for _, i := range list {
		if i.Table == table && i.Legacy == legacy && strings.Contains(i.Reason, reason) {
			return true
		}
	}
	return false
}

func count(t testing.TB, app core.App, col, filter string) int {
	t.Helper()
	n, err := app.CountRecords(col, dbx.NewExp(filter, dbx.Params{"t": testapp.TenantId(testapp.A)}))
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestImportTablesShape: the plan's igny8_* tables with every awkward case,
// through dry run, import, re-import, validation and rollback.
func TestImportTablesShape(t *testing.T) {
	start := time.Now()
	dsn, db := legacyDB(t)
	loadTablesShape(t, db, "wp_", 200, 3000)
	t.Logf("fixture loaded in %v", time.Since(start))
	app := testapp.New(t)
	tenant := testapp.TenantId(testapp.A)
	// The fixture site's address answers nothing; as a site that has not
	// passed its check, adoption waits for a later run.
	siteRec, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	siteRec.Set("status", "new")
	if err := app.Save(siteRec); err != nil {
		t.Fatal(err)
	}
	// The site index knows post 1001 (the first linked post): its figures
	// land under the URL the index holds; post 1002 is in no index.
	indexed := indexPage(t, app, 1001, "http://127.0.0.1:9/a/article-1/")
	before := snapshot(t, app, tenant)
	batchesBefore := count(t, app, collections.ImportBatches, "tenant = {:t}")

	// Dry run: the full report, nothing written.
	dry := run(t, app, dsn, "wp_", wpimport.Options{DryRun: true, Actor: "test"})
	if d := diffSnapshots(before, snapshot(t, app, tenant)); len(d) > 0 {
		t.Fatalf("the dry run wrote:\n%s", strings.Join(d, "\n"))
	}
	if n := count(t, app, collections.ImportBatches, "tenant = {:t}"); n != batchesBefore {
		t.Fatalf("the dry run left a batch record (%d -> %d)", batchesBefore, n)
	}
	if !strings.Contains(printed(dry), "dry run (nothing written)") || dry.Batch != "" {
		t.Fatalf("dry run report:\n%s", printed(dry))
	}

	t.Logf("dry run done at %v", time.Since(start))
	rep := run(t, app, dsn, "wp_", wpimport.Options{Actor: "test"})
	t.Logf("import done at %v", time.Since(start))
	out := printed(rep)
	if rep.Shape != "tables" || !rep.OK() {
		t.Fatalf("import did not validate:\n%s", out)
	}
	kw := table(t, rep, "keywords")
	if kw.Source != 3000 || kw.Imported != 3000-3 || kw.Skipped != 3 || kw.SourceHash != kw.TargetHash || kw.SourceHash == "" {
		t.Fatalf("keywords: %+v\n%s", kw, out)
	}
	// the dry run reported the same numbers and hashes
	dkw := table(t, dry, "keywords")
	if dkw.Imported != kw.Imported || dkw.SourceHash != kw.SourceHash {
		t.Fatalf("dry run keywords %+v, import %+v", dkw, kw)
	}
	for _, c := range []struct{ table, legacy, reason string }{
		{"keywords", "igny8_keywords#2", "keyword: "},                     // oversized: the schema's own message
		{"keywords", "igny8_keywords#4", "duplicate of igny8_keywords#3"}, // same normalized text
		{"keywords", "igny8_keywords#8", "no letters or digits"},
		{"clusters", "", ""},
	} {
		if c.table == "clusters" {
			continue
		}
		if !hasIssue(rep.Skipped, c.table, c.legacy, c.reason) {
			t.Errorf("no skipped row %s %s %q in:\n%s", c.table, c.legacy, c.reason, out)
		}
	}
	for _, c := range []struct{ table, legacy, reason string }{
		{"keywords", "igny8_keywords#5", "cluster points at igny8_clusters#99999"},
		{"keywords", "igny8_keywords#6", "zero date"},
		{"keywords", "igny8_keywords#7", `"very hard" is not a number`},
		{"keywords", "igny8_keywords#10", "double-encoded latin1 text repaired"},
		{"clusters", "igny8_clusters#3", "zero date"},
		{"ideas", "igny8_content_ideas#4", `unknown status "mystery"`},
		{"tasks", "igny8_tasks#4", `unknown status "weird"`},
	} {
		if !hasIssue(rep.Notes, c.table, c.legacy, c.reason) {
			t.Errorf("no note %s %s %q in:\n%s", c.table, c.legacy, c.reason, out)
		}
	}
	if !strings.Contains(out, `20 contents have not adopted their WordPress posts yet: the site is "new"`) {
		t.Errorf("pending adoptions not reported:\n%s", out)
	}
	if !hasIssue(rep.Skipped, "contents", "post#5555", "does not exist") {
		t.Errorf("dangling post not listed:\n%s", out)
	}
	if !hasIssue(rep.Skipped, "settings", "igny8_settings#6", "--with-api-key") {
		t.Errorf("api key not reported:\n%s", out)
	}
	site := testapp.SiteId(testapp.A)
	for _, want := range []string{doubleEncodedK, emojiKeyword} {
		if _, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = {:k}", dbx.Params{"s": site, "k": want}); err != nil {
			t.Errorf("keyword %q not imported as such: %v", want, err)
		}
	}
	if n := count(t, app, collections.Contents, "tenant = {:t} AND html LIKE '%déjà vu%'"); n != 20 {
		t.Errorf("linked posts as contents: %d, want 20", n)
	}
	if n := count(t, app, collections.Images, "tenant = {:t} AND wp_url LIKE '%old.example.com%'"); n != 20 {
		t.Errorf("images of imported contents: %d, want 20", n)
	}
	ten, _ := app.FindRecordById(collections.Tenants, tenant)
	var settings map[string]map[string]any
	_ = json.Unmarshal([]byte(ten.GetString("settings")), &settings)
	if got := fmt.Sprint(settings[wpimport.SettingsKey]["igny8_content_engine_sections"]); got != "[intro body faq]" {
		t.Errorf("serialized setting decoded as %q; settings %v", got, settings)
	}
	if ten.GetString(collections.TenantAIKey) != "" {
		t.Errorf("the API key was imported without --with-api-key")
	}
	sched, _ := app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = 'clustering'", dbx.Params{"s": site})
	if sched.GetString("spec") != "@every 24h" || !sched.GetBool("enabled") || sched.GetInt("batch_size") != 50 {
		t.Errorf("clustering schedule %v", sched.PublicExport())
	}
	if tb := table(t, rep, "links"); tb.Imported != 2 || tb.Carried != 0 || !tb.Match {
		t.Errorf("links %+v", tb)
	}
	batch, err := app.FindRecordById(collections.ImportBatches, rep.Batch)
	if err != nil || batch.GetString("status") != collections.ImportSucceeded || batch.GetString("actor") != "test" {
		t.Fatalf("batch %v %v", batch, err)
	}
	var carried map[string][]map[string]any
	_ = json.Unmarshal([]byte(batch.GetString("carried")), &carried)
	if len(carried["links"]) != 0 || len(carried["metrics"]) != 0 || len(carried["variations"]) != 0 {
		t.Errorf("carried rows: %v", carried)
	}
	// variations: the linked post's two input sets, of its content; the
	// others skipped with the reason
	if v := table(t, rep, "variations"); v.Source != 4 || v.Imported != 2 || v.Skipped != 2 || !v.Match || v.SourceHash == "" {
		t.Fatalf("variations %+v\n%s", v, out)
	}
	if !hasIssue(rep.Skipped, "variations", "igny8_variations#3", "not a JSON object") || !hasIssue(rep.Skipped, "variations", "igny8_variations#4", "no text") {
		t.Errorf("skipped variations not listed:\n%s", out)
	}
	wien, err := app.FindFirstRecordByFilter(collections.Variations, "site = {:s} && inputs_hash = {:h}", dbx.Params{"s": site, "h": strings.Repeat("c", 64)})
	if err != nil || wien.GetInt("wp_post_id") != 1001 || wien.GetString("html") != "<p>Servus Wien</p>" || wien.GetString("content") == "" ||
		!strings.Contains(wien.GetString("inputs"), `"job_title":"Koch"`) {
		t.Fatalf("the Wien variation %v %v", wien, err)
	}
	if c, _ := app.FindRecordById(collections.Contents, wien.GetString("content")); c == nil || !strings.Contains(c.GetString("html"), "article 1 ") {
		t.Errorf("the variation's content %v", c)
	}
	// metrics: ten rows, two page_metrics records (four figures of one day
	// merged), every other row skipped with its reason; the dry run said so too
	met := table(t, rep, "metrics")
	if met.Source != 10 || met.Imported != 2 || met.Merged != 3 || met.Skipped != 5 || !met.Match || met.SourceHash == "" {
		t.Fatalf("metrics %+v\n%s", met, out)
	}
	if dm := table(t, dry, "metrics"); dm.Imported != 2 || dm.Merged != 3 || dm.SourceHash != met.SourceHash {
		t.Errorf("dry run metrics %+v, import %+v", dm, met)
	}
	for _, c := range []struct{ legacy, reason string }{
		{"igny8_metrics#6", "is no date"},
		{"igny8_metrics#7", "post 1002's address is known once its content adopts the post, which did not happen"},
		{"igny8_metrics#8", "names no page"},
		{"igny8_metrics#9", `metric "bounce_rate" has no page_metrics field`},
		{"igny8_metrics#10", "post 1002's address is known once its content adopts the post"}, // the second row of the post
	} {
		if !hasIssue(rep.Skipped, "metrics", c.legacy, c.reason) {
			t.Errorf("no skipped metrics %s %q:\n%s", c.legacy, c.reason, out)
		}
	}
	pm, err := app.FindFirstRecordByFilter(collections.PageMetrics, "site = {:s} && url = {:u} && period = '2024-09-01..2024-09-01'", dbx.Params{"s": site, "u": indexed})
	if err != nil || pm.GetString("source") != collections.MetricsSourceWPPlugin || pm.GetInt("clicks") != 12 || pm.GetInt("impressions") != 400 ||
		pm.GetFloat("ctr") != 3 || pm.GetFloat("position") != 8.5 || pm.GetDateTime("period_end").Time().Format(time.DateOnly) != "2024-09-01" {
		t.Fatalf("page metrics of 2024-09-01: %v %v", pm, err)
	}
	if n := count(t, app, collections.PageMetrics, "tenant = {:t} AND source = 'wp_plugin'"); n != 2 {
		t.Fatalf("page_metrics records %d, want 2", n)
	}
	keywordsAfter := count(t, app, collections.Keywords, "tenant = {:t}")

	// Re-import: nothing new, nothing duplicated.
	again := run(t, app, dsn, "wp_", wpimport.Options{Actor: "test"})
	t.Logf("re-import done at %v", time.Since(start))
	if !again.OK() {
		t.Fatalf("re-import did not validate:\n%s", printed(again))
	}
	for _, tb := range again.Tables {
		if tb.Imported != 0 && tb.Name != "settings" {
			t.Errorf("re-import created %d %s", tb.Imported, tb.Name)
		}
	}
	if k := table(t, again, "keywords"); k.Unchanged != kw.Imported {
		t.Errorf("re-import keywords %+v", k)
	}
	if n := count(t, app, collections.Keywords, "tenant = {:t}"); n != keywordsAfter {
		t.Fatalf("re-import changed the keyword count %d -> %d", keywordsAfter, n)
	}
	if m := table(t, again, "metrics"); m.Unchanged != 2 || m.Merged != 3 || m.SourceHash != met.SourceHash {
		t.Errorf("re-import metrics %+v", m)
	}
	if n := count(t, app, collections.PageMetrics, "tenant = {:t} AND source = 'wp_plugin'"); n != 2 {
		t.Fatalf("re-import: page_metrics records %d, want 2", n)
	}
	if v := table(t, again, "variations"); v.Unchanged != 2 || count(t, app, collections.Variations, "tenant = {:t} AND wp_post_id = 1001") != 2 {
		t.Errorf("re-import variations %+v", v)
	}

	// A change in igny8 after the import survives the rollback.
	edited, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = {:k}", dbx.Params{"s": site, "k": emojiKeyword})
	if err != nil {
		t.Fatal(err)
	}
	edited.Set("volume", 123456)
	if err := app.Save(edited); err != nil {
		t.Fatal(err)
	}
	// the second batch changed nothing; roll back the first
	rb, err := wpimport.Rollback(context.Background(), app, rep.Batch)
	if err != nil {
		t.Fatal(err)
	}
	if !hasIssue(rb.Kept, "keywords", "igny8_keywords#1", "changed since") {
		t.Errorf("edited keyword not reported as kept: %+v", rb.Kept)
	}
	if rb.Deleted["variations"] != 2 {
		t.Errorf("deleted variations %d, want 2", rb.Deleted["variations"])
	}
	if rb.Deleted["metrics"] != 2 {
		t.Errorf("deleted page metrics %d, want 2", rb.Deleted["metrics"])
	}
	if rb.Deleted["keywords"] != kw.Imported-1 {
		t.Errorf("deleted keywords %d, want %d", rb.Deleted["keywords"], kw.Imported-1)
	}
	// the kept keyword's cluster is kept with it (in use), the rest is gone
	after := snapshot(t, app, tenant)
	delete(after, "keywords/"+edited.Id)
	if cl := edited.GetString("cluster"); cl != "" {
		delete(after, "clusters/"+cl)
	}
	if d := diffSnapshots(before, after); len(d) > 0 {
		t.Fatalf("rollback left the workspace changed:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}
	if b, _ := app.FindRecordById(collections.ImportBatches, rep.Batch); b.GetString("status") != collections.ImportRolledBack {
		t.Errorf("batch status %q", b.GetString("status"))
	}
	if _, err := wpimport.Rollback(context.Background(), app, rep.Batch); err == nil {
		t.Errorf("a second rollback of the same batch was accepted")
	}
}

// indexPage adds post wpID of workspace A's site to the site index at url
// (what the index job records from WordPress's own link), and returns url.
func indexPage(t testing.TB, app core.App, wpID int, url string) string {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collections.SitePages)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": testapp.SiteId(testapp.A), "wp_id": wpID,
		"kind": collections.PageKindPost, "url": url, "title": "Indexed " + url})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return url
}
