package writer_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// token signs as who: "", "outsider", "superuser" or "workspace:role".
func token(t testing.TB, app core.App, who string) string {
	ws, role, _ := strings.Cut(who, ":")
	return testapp.Authorization(t, app, ws, role)
}

func contentOf(t testing.TB, app core.App) *core.Record {
	t.Helper()
	c, err := app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func versionsOf(app core.App) int64 {
	n, _ := app.CountRecords(collections.ContentVersions, dbx.HashExp{"content": testapp.RecordId(collections.Contents, testapp.A)})
	return n
}

// withStatus sets the fixture content's editorial status before a scenario.
func withStatus(status string) func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		c := contentOf(t, app)
		c.Set("status", status)
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriterRoutes(t *testing.T) {
	t.Parallel()
	cA := testapp.RecordId(collections.Contents, testapp.A)
	tA := testapp.RecordId(collections.Tasks, testapp.A)
	base := "/api/igny8/writer/contents/" + cA
	unchanged := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		c := contentOf(t, app)
		if c.GetString("status") != collections.ContentDraft || c.GetInt("version") != 1 || versionsOf(app) != 1 {
			t.Fatalf("content changed: %s v%d, %d versions", c.GetString("status"), c.GetInt("version"), versionsOf(app))
		}
		if n, _ := app.CountRecords(collections.Jobs, dbx.Not(dbx.HashExp{"type": "fixture"})); n != 0 {
			t.Fatalf("%d jobs queued", n)
		}
	}
	status := func(want string) func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if got := contentOf(t, app).GetString("status"); got != want {
				t.Fatalf("status %s, want %s", got, want)
			}
		}
	}
	cases := []struct {
		name, who, method, url, body string
		status                       int
		content                      []string
		before                       func(testing.TB, *tests.TestApp, *core.ServeEvent)
		after                        func(testing.TB, *tests.TestApp, *http.Response)
	}{
		// version history
		{"viewer lists versions", "a:viewer", "GET", base + "/versions", "", 200, []string{`"current":1`, `"version":1`, `"source":"edit"`}, nil, nil},
		{"viewer reads a version", "a:viewer", "GET", base + "/versions/1", "", 200, []string{`"html":"<h2>Hi</h2>"`, `"source":"edit"`}, nil, nil},
		{"missing version", "a:viewer", "GET", base + "/versions/9", "", 404, []string{`"data":`}, nil, nil},
		{"bad version number", "a:viewer", "GET", base + "/versions/x", "", 400, []string{`positive number`}, nil, nil},
		{"viewer cannot restore", "a:viewer", "POST", base + "/versions/1/restore", "", 403, []string{`"data":`}, nil, unchanged},
		{"editor restores", "a:editor", "POST", base + "/versions/1/restore", "", 200, []string{`"version":2`}, nil,
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				v, _ := app.FindFirstRecordByFilter(collections.ContentVersions, "content = {:c} && version = 2", dbx.Params{"c": cA})
				if v == nil || v.GetString("source") != collections.VersionRestore || v.GetString("author") != testapp.UserId(testapp.A, "editor") {
					t.Fatal("restore did not make a new version by the editor")
				}
			}},
		// the content_versions collection: members read, nobody writes
		{"viewer lists versions collection", "a:viewer", "GET", "/api/collections/content_versions/records", "", 200, []string{`"totalItems":1`, cA}, nil, nil},
		{"B lists no A versions", "b:owner", "GET", "/api/collections/content_versions/records?filter=content='" + cA + "'", "", 200, []string{`"totalItems":0`}, nil, nil},
		{"outsider lists no versions", "outsider", "GET", "/api/collections/content_versions/records", "", 200, []string{`"totalItems":0`}, nil, nil},
		{"anonymous lists no versions", "", "GET", "/api/collections/content_versions/records", "", 200, []string{`"totalItems":0`}, nil, nil},
		{"owner cannot forge a version", "a:owner", "POST", "/api/collections/content_versions/records",
			`{"tenant":"` + testapp.TenantId(testapp.A) + `","site":"` + testapp.SiteId(testapp.A) + `","content":"` + cA + `","version":5}`, 403, nil, nil, unchanged},
		// editorial flow
		{"editor submits for review", "a:editor", "POST", base + "/status", `{"status":"review"}`, 200, []string{`"status":"review"`}, nil, status(collections.ContentReview)},
		{"editor cannot approve", "a:editor", "POST", base + "/status", `{"status":"approved"}`, 403, []string{`"data":`}, withStatus(collections.ContentReview), status(collections.ContentReview)},
		{"admin approves", "a:admin", "POST", base + "/status", `{"status":"approved"}`, 200, []string{`"from":"review"`}, withStatus(collections.ContentReview), status(collections.ContentApproved)},
		{"draft cannot jump to approved", "a:owner", "POST", base + "/status", `{"status":"approved"}`, 400, []string{`igny8_transition`}, nil, status(collections.ContentDraft)},
		{"unknown status", "a:owner", "POST", base + "/status", `{"status":"published"}`, 400, []string{`igny8_transition`}, nil, status(collections.ContentDraft)},
		{"malformed body", "a:owner", "POST", base + "/status", `{"status":`, 400, []string{`not valid JSON`}, nil, status(collections.ContentDraft)},
		{"viewer cannot change status", "a:viewer", "POST", base + "/status", `{"status":"review"}`, 403, []string{`"data":`}, nil, status(collections.ContentDraft)},
		// manual edits through the collections API
		{"editor edit is sanitised and versioned", "a:editor", "PATCH", "/api/collections/contents/records/" + cA,
			`{"html":"<h1>T</h1><p onclick=\"x()\">one two</p><script>alert(1)</script>","word_count":999}`, 200, []string{`"version":2`, `"word_count":3`}, nil,
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				c := contentOf(t, app)
				if h := c.GetString("html"); strings.Contains(h, "script") || strings.Contains(h, "onclick") || strings.Contains(h, "<h1") {
					t.Fatalf("unsafe html stored: %s", h)
				}
				if versionsOf(app) != 2 {
					t.Fatal("no version")
				}
			}},
		{"edit of approved work goes back to review", "a:editor", "PATCH", "/api/collections/contents/records/" + cA, `{"title":"New"}`, 200, []string{`"status":"review"`}, withStatus(collections.ContentApproved), nil},
		{"status cannot be patched directly", "a:editor", "PATCH", "/api/collections/contents/records/" + cA, `{"status":"approved"}`, 400, []string{`igny8_status_route`}, nil, unchanged},
		{"version cannot be forged", "a:editor", "PATCH", "/api/collections/contents/records/" + cA, `{"version":42}`, 200, []string{`"version":1`}, nil, nil},
		{"viewer cannot edit", "a:viewer", "PATCH", "/api/collections/contents/records/" + cA, `{"title":"x"}`, 404, nil, nil, unchanged},
		// paid routes: validation before anything is queued
		{"viewer cannot generate", "a:viewer", "POST", "/api/igny8/writer/tasks/" + tA + "/generate", "", 403, []string{`"data":`}, nil, unchanged},
		{"viewer cannot ask for images", "a:viewer", "POST", base + "/images", "", 403, []string{`"data":`}, nil, unchanged},
		{"viewer cannot reparse", "a:viewer", "POST", base + "/reparse", "", 403, []string{`"data":`}, nil, unchanged},
		{"too many images", "a:editor", "POST", base + "/images", `{"count":99}`, 400, []string{`Count must be between`}, nil, unchanged},
		{"nothing to generate", "a:editor", "POST", base + "/images", `{"featured":false,"count":0}`, 400, []string{`Nothing to generate`}, nil, unchanged},
		{"not enough credits", "a:editor", "POST", "/api/igny8/writer/tasks/" + tA + "/generate", "", 402, []string{`Not enough credits`},
			func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				ten, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
				ten.Set("plan_credits", 2)
				ten.Set("topup_credits", 0)
				if err := app.Save(ten); err != nil {
					t.Fatal(err)
				}
			}, unchanged},
	}
	// every writer route, from outside workspace A
	routes := []struct{ method, url, body string }{
		{"GET", base + "/versions", ""},
		{"GET", base + "/versions/1", ""},
		{"POST", base + "/versions/1/restore", ""},
		{"POST", base + "/status", `{"status":"review"}`},
		{"POST", base + "/images", ""},
		{"POST", base + "/reparse", ""},
		{"POST", "/api/igny8/writer/tasks/" + tA + "/generate", ""},
	}
	for _, r := range routes {
		for _, who := range []string{"b:owner", "b:editor", "outsider"} {
			cases = append(cases, struct {
				name, who, method, url, body string
				status                       int
				content                      []string
				before                       func(testing.TB, *tests.TestApp, *core.ServeEvent)
				after                        func(testing.TB, *tests.TestApp, *http.Response)
			}{who + " " + r.method + " " + r.url, who, r.method, r.url, r.body, 404, []string{`"data":`}, nil, unchanged})
		}
		cases = append(cases, struct {
			name, who, method, url, body string
			status                       int
			content                      []string
			before                       func(testing.TB, *tests.TestApp, *core.ServeEvent)
			after                        func(testing.TB, *tests.TestApp, *http.Response)
		}{"anonymous " + r.method + " " + r.url, "", r.method, r.url, r.body, 401, []string{`"data":`}, nil, unchanged})
	}
	for _, c := range cases {
		sc := tests.ApiScenario{
			Name: c.name, Method: c.method, URL: c.url, Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory,
			BeforeTestFunc: c.before, AfterTestFunc: c.after,
		}
		if c.content == nil {
			sc.ExpectedContent = []string{`"data":`}
		}
		who := c.who
		sc.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if tok := token(t, app, who); tok != "" {
				sc.Headers = map[string]string{"Authorization": tok, "Content-Type": "application/json"}
			}
			if c.before != nil {
				c.before(t, app, e)
			}
		}
		sc.Test(t)
	}
}
