package linker_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/linker"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// seed adds a cluster, a task with keywords and a content for it to workspace
// ws's site; live contents look published (a post id, a URL, wp_status publish).
func seed(t testing.TB, app core.App, ws, cluster, structure string, keywords []string, title, html string, live bool) *core.Record {
	t.Helper()
	save := func(col string, data map[string]any) *core.Record {
		c, _ := app.FindCollectionByNameOrId(col)
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatalf("%s: %v", col, err)
		}
		return r
	}
	base := map[string]any{"tenant": testapp.TenantId(ws), "site": testapp.SiteId(ws)}
	with := func(extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	task := save(collections.Tasks, with(map[string]any{"title": title, "keywords": keywords, "cluster": cluster, "structure": structure, "status": "done"}))
	data := with(map[string]any{"task": task.Id, "title": title, "html": html, "status": "approved", "publish_status": collections.PublishNone})
	if live {
		n := len(title)*1000 + len(html)
		data["wp_post_id"], data["wp_url"], data["wp_status"] = n, "https://blog.example.com/"+strings.ReplaceAll(strings.ToLower(title), " ", "-")+"/", "publish"
		data["publish_status"], data["status"] = collections.PublishPublished, collections.ContentPublished
	}
	return save(collections.Contents, data)
}

func newCluster(t testing.TB, app core.App, name string) string {
	c, _ := app.FindCollectionByNameOrId(collections.Clusters)
	r := core.NewRecord(c)
	r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": testapp.SiteId(testapp.A), "name": name, "status": "active"})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r.Id
}

func linksOf(t testing.TB, app core.App, filter string, params dbx.Params) []*core.Record {
	t.Helper()
	list, err := app.FindRecordsByFilter(collections.InternalLinks, filter, "created", 0, 0, params)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func runJob(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	e := jobs.NewEngine(app, jobs.Options{Workers: 1})
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("run job: ran %v, %v", ran, err)
	}
	j, err := app.FindRecordById(collections.Jobs, id)
	if err != nil {
		t.Fatal(err)
	}
	if j.GetString("status") != "succeeded" {
		t.Fatalf("job %s %s: %s", j.GetString("type"), j.GetString("status"), j.GetString("error"))
	}
	return j
}

// TestLinkerRoutes: suggestions from a new article to the site's live
// articles (with the plugin's link types and priorities), approval inserts
// into the article once, removal unwraps it; editors act, viewers and other
// workspaces cannot.
func TestLinkerRoutes(t *testing.T) {
	app := testapp.New(t)
	brew, grind := newCluster(t, app, "Cold brew"), newCluster(t, app, "Grinding")
	hub := seed(t, app, testapp.A, brew, "pillar", []string{"cold brew guide"}, "The cold brew guide", "<p>Everything.</p>", true)
	other := seed(t, app, testapp.A, grind, "guide", []string{"burr grinder"}, "Choosing a burr grinder", "<p>Grinders.</p>", true)
	fresh := seed(t, app, testapp.A, brew, "how-to", []string{"cold brew ratio"}, "Cold brew ratio",
		`<h2>The cold brew guide</h2><p>Start with our cold brew guide, then pick a burr grinder.</p><p>More on the cold brew guide.</p>`, false)

	c := testapp.NewClient(t, app)
	editor, viewer := testapp.Token(t, app, testapp.A, collections.RoleEditor), testapp.Token(t, app, testapp.A, collections.RoleViewer)
	outsider := testapp.Token(t, app, testapp.B, collections.RoleOwner)
	suggest := "/api/igny8/linker/contents/" + fresh.Id + "/suggest"
	c.Must("POST", suggest, viewer, "", 403)
	c.Must("POST", suggest, outsider, "", 404)
	res := c.Must("POST", suggest, editor, "", 202)
	j := runJob(t, app, res["job"].(string))
	if !strings.Contains(j.GetString("result"), `"outbound":2`) || !strings.Contains(j.GetString("result"), "back-fill waits") {
		t.Fatalf("suggest result %s", j.GetString("result"))
	}
	links := linksOf(t, app, "source_content = {:c}", dbx.Params{"c": fresh.Id})
	byTarget := map[string]*core.Record{}
	for _, l := range links {
		byTarget[l.GetString("target_content")] = l
	}
	up, across := byTarget[hub.Id], byTarget[other.Id]
	if up == nil || across == nil || len(links) != 2 {
		t.Fatalf("want suggestions to the hub and the other cluster, got %d", len(links))
	}
	if up.GetString("link_type") != collections.LinkUpward || up.GetString("priority") != collections.PriorityHigh || up.GetString("anchor") != "cold brew guide" ||
		up.GetString("status") != collections.LinkSuggested || up.GetString("cluster") != brew {
		t.Fatalf("hub suggestion %v", up.PublicExport())
	}
	if across.GetString("link_type") != collections.LinkHorizontal || across.GetString("priority") != collections.PriorityMedium {
		t.Fatalf("cross-cluster suggestion %v", across.PublicExport())
	}
	// a second run suggests nothing new
	res = c.Must("POST", suggest, editor, "", 202)
	runJob(t, app, res["job"].(string))
	if n := len(linksOf(t, app, "source_content = {:c}", dbx.Params{"c": fresh.Id})); n != 2 {
		t.Fatalf("second run: %d links", n)
	}

	approve := "/api/igny8/linker/links/" + up.Id + "/approve"
	c.Must("POST", approve, viewer, "", 403)
	c.Must("POST", approve, outsider, "", 404)
	c.Must("POST", "/api/igny8/linker/links/"+up.Id+"/remove", editor, "", 409) // not inserted yet
	res = c.Must("POST", approve, editor, "", 202)
	runJob(t, app, res["job"].(string))
	up, _ = app.FindRecordById(collections.InternalLinks, up.Id)
	fresh, _ = app.FindRecordById(collections.Contents, fresh.Id)
	html := fresh.GetString("html")
	if up.GetString("status") != collections.LinkInserted || strings.Count(html, up.Id) != 1 ||
		!strings.Contains(html, `<p>Start with our <a href="`+hub.GetString("wp_url")+`" data-igny8-link="`+up.Id+`">cold brew guide</a>, then`) {
		t.Fatalf("not inserted once into the first paragraph: %s %s", up.GetString("status"), html)
	}
	c.Must("POST", approve, editor, "", 409) // already in
	// the collections API cannot change a link
	c.Must("PATCH", "/api/collections/internal_links/records/"+up.Id, editor, `{"status":"removed"}`, 403)
	c.Must("GET", "/api/collections/internal_links/records/"+up.Id, viewer, "", 200)
	c.Must("GET", "/api/collections/internal_links/records/"+up.Id, outsider, "", 404)

	res = c.Must("POST", "/api/igny8/linker/links/"+up.Id+"/remove", editor, "", 202)
	runJob(t, app, res["job"].(string))
	up, _ = app.FindRecordById(collections.InternalLinks, up.Id)
	fresh, _ = app.FindRecordById(collections.Contents, fresh.Id)
	if up.GetString("status") != collections.LinkRemoved || strings.Contains(fresh.GetString("html"), "data-igny8-link") ||
		!strings.Contains(fresh.GetString("html"), "<p>Start with our cold brew guide, then") {
		t.Fatalf("not removed: %s %s", up.GetString("status"), fresh.GetString("html"))
	}
	c.Must("POST", "/api/igny8/linker/links/"+across.Id+"/reject", editor, "", 200)
	c.Must("POST", "/api/igny8/linker/links/"+across.Id+"/remove", editor, "", 409)
}

// TestLinkCap: a post never gets more than LinksPerPostMax links from igny8;
// approving past the cap is refused.
func TestLinkCap(t *testing.T) {
	app := testapp.New(t)
	cl := newCluster(t, app, "Tea")
	text := "<p>"
	for i := range collections.LinksPerPostMax + 1 {
		kw := "tea topic " + string(rune('a'+i))
		seed(t, app, testapp.A, cl, "guide", []string{kw}, "Title "+kw, "<p>x</p>", true)
		text += "About " + kw + ". "
	}
	fresh := seed(t, app, testapp.A, cl, "guide", []string{"tea hub"}, "Tea hub", text+"</p>", false)
	if _, err := linker.Suggest(app, fresh.Id); err != nil {
		t.Fatal(err)
	}
	links := linksOf(t, app, "source_content = {:c}", dbx.Params{"c": fresh.Id})
	if len(links) != collections.LinksPerPostMax+1 {
		t.Fatalf("%d suggestions", len(links))
	}
	c := testapp.NewClient(t, app)
	editor := testapp.Token(t, app, testapp.A, collections.RoleEditor)
	for i, l := range links {
		want := 202
		if i == collections.LinksPerPostMax {
			want = 409
		}
		c.Must("POST", "/api/igny8/linker/links/"+l.Id+"/approve", editor, "", want)
	}
	j, _ := app.FindFirstRecordByFilter(collections.Jobs, "type = {:t} && target = {:c}", dbx.Params{"t": linker.JobApply, "c": fresh.Id})
	runJob(t, app, j.Id)
	fresh, _ = app.FindRecordById(collections.Contents, fresh.Id)
	if n := strings.Count(fresh.GetString("html"), "data-igny8-link="); n != collections.LinksPerPostMax {
		t.Fatalf("%d links in the text", n)
	}
}

// TestLinkingSchedule: the per-site schedule queues one suggestion run per
// live article and version (a second window queues none), and the apply job
// of an article with an approved link.
func TestLinkingSchedule(t *testing.T) {
	app := testapp.New(t)
	cl := newCluster(t, app, "Milk")
	a := seed(t, app, testapp.A, cl, "guide", []string{"oat milk foam"}, "Oat milk foam", "<p>Try steamed milk first.</p>", true)
	b := seed(t, app, testapp.A, cl, "guide", []string{"steamed milk"}, "Steamed milk", "<p>Then oat milk foam.</p>", true)
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	n, err := linker.ScheduleLinkingFunc(t.Context(), app, site, 10)
	if err != nil || n != 2 {
		t.Fatalf("first window queued %d (%v), want 2", n, err)
	}
	if n, err := linker.ScheduleLinkingFunc(t.Context(), app, site, 10); err != nil || n != 0 {
		t.Fatalf("second window queued %d (%v), want 0", n, err)
	}
	for _, c := range []*core.Record{a, b} {
		if _, err := linker.Suggest(app, c.Id); err != nil {
			t.Fatal(err)
		}
	}
	l := linksOf(t, app, "source_content = {:c}", dbx.Params{"c": b.Id})
	if len(l) != 1 {
		t.Fatalf("%d links from b", len(l))
	}
	l[0].Set("status", collections.LinkApproved)
	if err := app.Save(l[0]); err != nil {
		t.Fatal(err)
	}
	if n, err := linker.ScheduleLinkingFunc(t.Context(), app, site, 10); err != nil || n != 1 {
		t.Fatalf("window with an approved link queued %d (%v), want 1", n, err)
	}
	if j, err := app.FindFirstRecordByFilter(collections.Jobs, "type = {:t} && target = {:c}", dbx.Params{"t": linker.JobApply, "c": b.Id}); err != nil || j == nil {
		t.Fatalf("no apply job for b: %v", err)
	}
}

// TestSuggestToIndexedPosts: a post of the live site that igny8 did not
// write (from the site index) is a target for the new article's links,
// named by its title or its slug; an indexed copy of igny8's own article is
// not suggested twice.
func TestSuggestToIndexedPosts(t *testing.T) {
	app := testapp.New(t)
	cl := newCluster(t, app, "Espresso")
	mine := seed(t, app, testapp.A, cl, "guide", []string{"espresso crema"}, "Espresso crema", "<p>x</p>", true)
	col, _ := app.FindCollectionByNameOrId(collections.SitePages)
	for i, data := range []map[string]any{
		{"wp_id": 901, "kind": "post", "url": "https://blog.example.com/tamping-pressure/", "slug": "tamping-pressure", "title": "How hard to tamp"},
		{"wp_id": 902, "kind": "post", "url": mine.GetString("wp_url"), "slug": "espresso-crema", "title": "Espresso crema", "content": mine.Id},
		{"wp_id": 903, "kind": "page", "url": "https://blog.example.com/about/", "slug": "about", "title": "About the roastery"},
	} {
		r := core.NewRecord(col)
		r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": testapp.SiteId(testapp.A), "source": "rest"})
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
	}
	fresh := seed(t, app, testapp.A, cl, "guide", []string{"espresso dose"}, "Espresso dose",
		"<p>Dose first, then mind the tamping pressure and the espresso crema.</p>", false)
	res, err := linker.Suggest(app, fresh.Id)
	if err != nil || res.Outbound != 2 {
		t.Fatalf("suggest %+v %v", res, err)
	}
	links := linksOf(t, app, "source_content = {:c}", dbx.Params{"c": fresh.Id})
	keys := map[string]*core.Record{}
	for _, l := range links {
		keys[l.GetString("target_key")] = l
	}
	ext := keys["post:901"]
	if ext == nil || keys["content:"+mine.Id] == nil || ext.GetString("target_content") != "" || ext.GetString("anchor") != "tamping pressure" ||
		ext.GetInt("target_post") != 901 || ext.GetString("priority") != collections.PriorityLow {
		t.Fatalf("links %v", keys)
	}
	c := testapp.NewClient(t, app)
	out := c.Must("POST", "/api/igny8/linker/links/"+ext.Id+"/approve", testapp.Token(t, app, testapp.A, collections.RoleEditor), "", 202)
	runJob(t, app, out["job"].(string))
	fresh, _ = app.FindRecordById(collections.Contents, fresh.Id)
	if !strings.Contains(fresh.GetString("html"), `<a href="https://blog.example.com/tamping-pressure/" data-igny8-link="`+ext.Id+`">tamping pressure</a>`) {
		t.Fatalf("html %s", fresh.GetString("html"))
	}
}
