package wpimport_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wpimport"
	"github.com/pocketbase/pocketbase/core"
)

// pluginSite is test WordPress 2 (the one with the Bridge plugin) from
// .test-env.
type pluginSite struct{ url, user, pass, secret, name string }

func testPluginSite(t testing.TB) pluginSite {
	t.Helper()
	get := func(k string) string {
		v := os.Getenv("IGNY8_TEST_WP2_" + k)
		if v == "" {
			t.Fatalf("IGNY8_TEST_WP2_%s is not set: run scripts/test-setup.sh and source .test-env", k)
		}
		return v
	}
	return pluginSite{url: get("URL"), user: get("USER"), pass: get("APP_PASSWORD"), secret: get("BRIDGE_SECRET"),
		name: filepath.Base(filepath.Dir(get("CONTENT_DIR")))}
}

var defineRe = regexp.MustCompile(`define\('(DB_NAME|DB_USER|DB_PASSWORD|DB_HOST)',\s*'([^']*)'\)`)

// wordpressDB reads the site's database address from its wp-config (as the
// site's owner finds it: /etc/wordpress/config-<site>.php, written by
// scripts/test-setup.d/30-wordpress.sh) and returns the DSN the import reads
// it through and a connection for loading fixtures (zero dates allowed).
func wordpressDB(t testing.TB, wp pluginSite) (string, *sql.DB) {
	t.Helper()
	b, err := os.ReadFile("/etc/wordpress/config-" + wp.name + ".php")
	if err != nil {
		t.Fatalf("the plugin site's wp-config: %v", err)
	}
	def := map[string]string{}
	for _, m := range defineRe.FindAllStringSubmatch(string(b), -1) {
		def[m[1]] = m[2]
	}
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = def["DB_USER"], def["DB_PASSWORD"], "tcp", def["DB_HOST"], def["DB_NAME"]
	dsn := cfg.FormatDSN()
	load := cfg.Clone()
	load.MultiStatements = true
	load.Params = map[string]string{"sql_mode": "''"}
	db, err := sql.Open("mysql", load.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dsn, db
}

// bridgeSite adds a site of workspace A publishing through the plugin of wp.
func bridgeSite(t testing.TB, app core.App, wp pluginSite, url, transport, status string) *core.Record {
	t.Helper()
	col, _ := app.FindCollectionByNameOrId(collections.Sites)
	r := core.NewRecord(col)
	r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "name": "Plugin " + transport + " " + url, "url": url, "transport": transport,
		"wp_username": wp.user, "app_password": wp.pass, "bridge_secret": wp.secret, "status": status})
	if err := app.Save(r); err != nil {
		t.Fatalf("site: %v", err)
	}
	return r
}

// fixtureTables are the plan-shape tables loadTablesShapeAt creates.
var fixtureTables = []string{"igny8_clusters", "igny8_keywords", "igny8_content_ideas", "igny8_tasks", "igny8_images", "igny8_prompts",
	"igny8_schedules", "igny8_settings", "igny8_links", "igny8_metrics", "igny8_logs", "igny8_accounts", "igny8_variations"}

// loadIntoPluginSite loads the plan-shape fixture into test site 2's own
// WordPress database (prefix wp_): its igny8_* tables, the posts its tasks
// are linked to numbered past every post the site has, and two options. It
// holds the site's lock (tests of other packages relink the plugin or count
// igny8 data there) and removes exactly what it added when the test ends.
func loadIntoPluginSite(t *testing.T, wp pluginSite, nc, nk int) (dsn string) {
	t.Helper()
	testapp.LockWordPress(t, wp.url)
	dsn, db := wordpressDB(t, wp)
	var base int
	if err := db.QueryRow("SELECT COALESCE(MAX(ID), 0) + 1000 FROM wp_posts").Scan(&base); err != nil {
		t.Fatal(err)
	}
	drop := "DROP TABLE IF EXISTS wp_" + strings.Join(fixtureTables, ", wp_")
	clean := func() {
		exec(t, db, drop,
			// only the fixture's posts (post_name article-N): posts other
			// packages publish meanwhile are numbered after them, in the range
			fmt.Sprintf("DELETE m FROM wp_postmeta m JOIN wp_posts p ON p.ID = m.post_id WHERE p.ID > %d AND p.ID <= %d AND p.post_name LIKE 'article-%%'", base, base+100),
			fmt.Sprintf("DELETE FROM wp_posts WHERE ID > %d AND ID <= %d AND post_name LIKE 'article-%%'", base, base+100),
			"DELETE FROM wp_options WHERE option_name IN ('igny8_content_engine_tone', 'igny8_cron_last_run')")
	}
	clean() // what a killed run may have left
	t.Cleanup(clean)
	loadTablesShapeAt(t, db, "wp_", nc, nk, base, true)
	return dsn
}

// TestImportThroughBridge: the plan-shape fixture loaded into the WordPress
// database of test site 2 is imported through its Bridge plugin's export —
// the same counts and hashes per table as the database import of the same
// data, a re-import that creates nothing, the in-app check and import with
// {"bridge":true} — and only the workspace that owns the site can import
// through it; a site not linked through the plugin is 409, a plugin without
// the export or a site that does not answer 502 with the reason.
func TestImportThroughBridge(t *testing.T) {
	wp := testPluginSite(t)
	dsn := loadIntoPluginSite(t, wp, 30, 1500)
	ctx := context.Background()

	// the database import of the same data, into another app
	dbApp := testapp.New(t)
	dbSite := bridgeSite(t, dbApp, wp, wp.url, "bridge", "new") // not checked: it adopts nothing
	src, err := wpimport.Open(ctx, dsn, "wp_", nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := wpimport.Run(ctx, dbApp, src, dbSite, wpimport.Options{Actor: "test"})
	src.Close()
	if err != nil || !want.OK() {
		t.Fatalf("database import: %v\n%s", err, printed(want))
	}

	app := testapp.New(t)
	tenant := testapp.TenantId(testapp.A)
	site := bridgeSite(t, app, wp, wp.url, "bridge", "connected")
	rest := bridgeSite(t, app, wp, wp.url+"/", "rest", "connected")
	old := bridgeSite(t, app, wp, os.Getenv("IGNY8_TEST_WP1_URL"), "bridge", "connected") // site 1 has no plugin
	gone := bridgeSite(t, app, wp, "http://127.0.0.1:1", "bridge", "connected")
	before := snapshot(t, app, tenant)
	bs, err := wpimport.OpenBridge(ctx, app, site)
	if err != nil {
		t.Fatalf("open the export: %v", err)
	}
	got, err := wpimport.Run(ctx, app, bs, site, wpimport.Options{Actor: "test"})
	if err != nil || !got.OK() {
		t.Fatalf("bridge import: %v\n%s", err, printed(got))
	}
	if !strings.HasPrefix(got.Source, "bridge "+wp.url) || got.Shape != want.Shape || bs.Pages() < len(fixtureTables)+3 {
		t.Fatalf("source %q shape %q (database %q), %d pages", got.Source, got.Shape, want.Shape, bs.Pages())
	}
	// The plugin never exports its own options; the database import lists
	// them as skipped. Everything else is the same, row for row.
	bridgeOwn := 0
	for _, i := range want.Skipped {
		if i.Table == "settings" && strings.Contains(i.Reason, "Bridge plugin") {
			bridgeOwn++
		}
	}
	if bridgeOwn == 0 {
		t.Fatalf("the database import saw none of the Bridge's options:\n%s", printed(want))
	}
	if len(got.Tables) != len(want.Tables) {
		t.Fatalf("tables: bridge %d, database %d\n%s\n%s", len(got.Tables), len(want.Tables), printed(got), printed(want))
	}
	for i, w := range want.Tables {
		g := *got.Tables[i]
		if w.Name == "settings" {
			g.Source, g.Skipped = g.Source+bridgeOwn, g.Skipped+bridgeOwn
		}
		if w.Name == "metrics" {
			// The database import's site is not checked, so it adopts no
			// posts and knows none of their addresses: every figure of a
			// linked post waits (skipped, with the reason). Through the
			// plugin the posts are adopted first, and their figures land
			// under the links WordPress reported (below).
			if w.Source != 10 || w.Imported != 0 || w.Skipped != 10 || g.Source != 10 || g.Imported != 3 || g.Merged != 4 || g.Skipped != 3 || !g.Match {
				t.Errorf("metrics: bridge %+v\ndatabase %+v", g, *w)
			}
			continue
		}
		if g.Name != w.Name || g.Source != w.Source || g.Imported != w.Imported || g.Updated != w.Updated || g.Unchanged != w.Unchanged ||
			g.Skipped != w.Skipped || g.Carried != w.Carried || g.SourceHash != w.SourceHash || g.TargetHash != w.TargetHash || !g.Match {
			t.Errorf("%s: bridge %+v\ndatabase %+v", w.Name, *got.Tables[i], *w)
		}
	}
	if kw := table(t, got, "keywords"); kw.Source != 1500 || kw.Imported < 1490 {
		t.Fatalf("keywords %+v", kw)
	}
	if c := table(t, got, "contents"); c.Imported != 20 || c.Skipped != 1 {
		t.Fatalf("contents %+v\n%s", c, printed(got))
	}
	if !strings.Contains(strings.Join(got.Warnings, "\n"), "20 contents adopted their WordPress posts") {
		t.Errorf("the linked posts were not adopted through the plugin: %v", got.Warnings)
	}
	// every figure is under the URL the Optimizer looks its post up by: the
	// adopted content's wp_url (WordPress's own link)
	pms, err := app.FindRecordsByFilter(collections.PageMetrics, "site = {:s} && source = 'wp_plugin'", "", 0, 0, map[string]any{"s": site.Id})
	if err != nil || len(pms) != 3 {
		t.Fatalf("page metrics %d %v", len(pms), err)
	}
	for _, pm := range pms {
		if c, err := app.FindFirstRecordByFilter(collections.Contents, "site = {:s} && wp_url = {:u} && wp_post_id > 0", map[string]any{"s": site.Id, "u": pm.GetString("url")}); err != nil || c == nil {
			t.Errorf("page metrics %s %s: no adopted content has that wp_url (%v)", pm.GetString("url"), pm.GetString("period"), err)
		}
	}
	records := snapshot(t, app, tenant)

	// again: updates nothing, creates nothing
	bs2, err := wpimport.OpenBridge(ctx, app, site)
	if err != nil {
		t.Fatal(err)
	}
	again, err := wpimport.Run(ctx, app, bs2, site, wpimport.Options{Actor: "test"})
	if err != nil || !again.OK() {
		t.Fatalf("re-import: %v\n%s", err, printed(again))
	}
	for _, tb := range again.Tables {
		if tb.Imported != 0 || tb.Updated != 0 {
			t.Errorf("re-import: %s imported %d, updated %d", tb.Name, tb.Imported, tb.Updated)
		}
	}
	if d := diffSnapshots(records, snapshot(t, app, tenant)); len(d) > 0 {
		t.Fatalf("the re-import changed records:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}

	// the command line: a dry run through the plugin, and its refusals
	cli := func(args ...string) (string, error) {
		cmd := wpimport.NewCommand(app)
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SetArgs(args)
		err := cmd.ExecuteContext(ctx)
		return out.String(), err
	}
	out, err := cli("--bridge", "--workspace", "workspace-a", "--site", site.Id, "--dry-run", "--json")
	var cliRep wpimport.Report
	if err != nil || json.Unmarshal([]byte(out), &cliRep) != nil || !cliRep.DryRun || !strings.HasPrefix(cliRep.Source, "bridge ") || len(cliRep.Tables) != len(got.Tables) {
		t.Fatalf("import-wp --bridge --dry-run: %v\n%.500s", err, out)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--bridge", "--dsn", dsn, "--workspace", "workspace-a", "--site", site.Id}, "one of --dsn or --bridge"},
		{[]string{"--bridge", "--prefix", "blog_", "--workspace", "workspace-a", "--site", site.Id}, "--prefix goes with --dsn"},
		{[]string{"--bridge", "--workspace", "workspace-b", "--site", site.Id}, "has no site"},
		{[]string{"--bridge", "--workspace", "workspace-a", "--site", rest.Id}, "not linked through the igny8 Bridge plugin"},
		{[]string{"--bridge", "--workspace", "workspace-a", "--site", old.Id}, "older than 1.3.0"},
	} {
		if _, err := cli(bad.args...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("import-wp %v: %v, want %q", bad.args, err, bad.want)
		}
	}

	// the in-app check and import
	c := testapp.NewClient(t, app)
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	path := "/api/igny8/sites/" + site.Id + "/import-wp"
	for _, who := range []struct {
		auth   string
		status int
	}{
		{testapp.Token(t, app, testapp.A, collections.RoleEditor), 403},
		{testapp.Token(t, app, testapp.B, collections.RoleOwner), 404}, // not B's site
	} {
		c.Must("POST", path+"/check", who.auth, `{"bridge":true}`, who.status)
		c.Must("POST", path, who.auth, `{"bridge":true}`, who.status)
	}
	if _, err := wpimport.FindSite(app, "workspace-b", site.Id); err == nil {
		t.Fatal("workspace B finds A's site for the command line import")
	}
	c.Must("POST", path+"/check", owner, `{"bridge":true,"dsn":"u:p@tcp(db.example.com:3306)/wp"}`, 400)
	dry := c.Must("POST", path+"/check", owner, `{"bridge":true}`, 200)
	if dry["dryRun"] != true || !strings.HasPrefix(fmt.Sprint(dry["source"]), "bridge ") {
		t.Fatalf("dry run %v", dry)
	}
	started := c.Must("POST", path, owner, `{"bridge":true,"only":["keywords","clusters"]}`, 202)
	if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil || !ran {
		t.Fatalf("run the import job: %v %v", ran, err)
	}
	job, _ := app.FindRecordById(collections.Jobs, fmt.Sprint(started["job"]))
	var result struct {
		Batch     string `json:"batch"`
		Validated bool   `json:"validated"`
	}
	_ = json.Unmarshal([]byte(job.GetString("result")), &result)
	if job.GetString("status") != "succeeded" || !result.Validated || result.Batch == "" {
		t.Fatalf("job %s %s: %s", job.GetString("status"), job.GetString("error"), job.GetString("result"))
	}

	// a site on core REST: no export to read
	if r := c.Do("POST", "/api/igny8/sites/"+rest.Id+"/import-wp/check", owner, `{"bridge":true}`); r.Status != 409 || !strings.Contains(r.Body, "not linked through the igny8 Bridge plugin") {
		t.Fatalf("core REST site: %d %s", r.Status, r.Body)
	}
	// a site whose plugin has no export route (site 1 has no plugin at all)
	if r := c.Do("POST", "/api/igny8/sites/"+old.Id+"/import-wp/check", owner, `{"bridge":true}`); r.Status != 502 || !strings.Contains(r.Body, "older than 1.3.0") {
		t.Fatalf("a plugin without the export: %d %s", r.Status, r.Body)
	}
	// a site that does not answer
	if r := c.Do("POST", "/api/igny8/sites/"+gone.Id+"/import-wp", owner, `{"bridge":true}`); r.Status != 502 || !strings.Contains(r.Body, "could not be reached") {
		t.Fatalf("a site that does not answer: %d %s", r.Status, r.Body)
	}

	// the rollbacks leave the workspace as before
	for _, b := range []string{result.Batch, again.Batch, got.Batch} {
		if _, err := wpimport.Rollback(ctx, app, b); err != nil {
			t.Fatalf("rollback %s: %v", b, err)
		}
	}
	if d := diffSnapshots(before, snapshot(t, app, tenant)); len(d) > 0 {
		t.Fatalf("rollback left the workspace changed:\n%s", strings.Join(d[:min(len(d), 10)], "\n"))
	}
}
