package planner_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/router"
)

// plannerAudit holds the audit entries one import, one paste and one refused
// import through the real routes left behind.
type plannerAudit struct {
	importEntry, pasteEntry, failedEntry *core.Record
}

// newAuditEntries returns the audit entries (any workspace) created after the ids in seen.
func newAuditEntries(t testing.TB, app core.App, seen map[string]bool) []*core.Record {
	t.Helper()
	all, err := app.FindAllRecords(collections.AuditLog)
	if err != nil {
		t.Fatal(err)
	}
	var out []*core.Record
	for _, r := range all {
		if !seen[r.Id] {
			seen[r.Id] = true
			out = append(out, r)
		}
	}
	return out
}

// serve sends one request through the app's router and decodes the JSON answer.
func serve(t testing.TB, r *router.Router[*core.RequestEvent], method, target string, body io.Reader, ctype, token string, status int) map[string]any {
	t.Helper()
	mux, err := r.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(method, target, body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, target, rec.Code, status, rec.Body.String())
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return out
}

// checkAudit asserts entry records action by actor on site A of workspace A
// with the given changes.
func checkAudit(t testing.TB, entry *core.Record, action, actor string, want map[string]any) {
	t.Helper()
	var changes map[string]any
	if err := entry.UnmarshalJSONField("changes", &changes); err != nil {
		t.Fatal(err)
	}
	if entry.GetString("action") != action || entry.GetString("actor") != actor || entry.GetString("actor_type") != "user" ||
		entry.GetString("tenant") != testapp.TenantId(testapp.A) || entry.GetString("target_collection") != collections.Sites ||
		entry.GetString("target") != testapp.SiteId(testapp.A) {
		t.Fatalf("%s entry = %v", action, entry.PublicExport())
	}
	for k, v := range want {
		if changes[k] != v {
			t.Fatalf("%s entry: changes[%q] = %v, want %v (changes %v)", action, k, changes[k], v, changes)
		}
	}
}

// auditImportAndPaste imports a Semrush export as A's editor, pastes a list as
// A's owner and sends a ragged file as A's editor, through the real routes,
// and checks each request left exactly one audit entry (none per keyword,
// whatever the raw SQL upsert wrote) with its actor, workspace and counts.
func auditImportAndPaste(t testing.TB, app core.App, r *router.Router[*core.RequestEvent]) plannerAudit {
	t.Helper()
	site := testapp.SiteId(testapp.A)
	seen := map[string]bool{}
	newAuditEntries(t, app, seen)
	keywordsOf := func() int {
		n, err := app.CountRecords(collections.Keywords, dbx.HashExp{"site": site})
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	var res plannerAudit

	before := keywordsOf()
	body, ctype := multipartBody(map[string]string{"site": site}, "semrush.csv", testdataFile(t, "semrush_keyword_overview.csv"))
	got := serve(t, r, http.MethodPost, "/api/igny8/planner/import", body, ctype,
		testapp.Token(t, app, testapp.A, "editor"), http.StatusOK)
	added := keywordsOf() - before
	if added <= 0 || got["imported"] != float64(added) || got["rejected"].(float64) == 0 || got["duplicates"].(float64) == 0 {
		t.Fatalf("import answered %v and added %d keywords", got, added)
	}
	entries := newAuditEntries(t, app, seen)
	if len(entries) != 1 {
		t.Fatalf("the import left %d audit entries, want 1", len(entries))
	}
	res.importEntry = entries[0]
	checkAudit(t, res.importEntry, "planner.import", testapp.UserId(testapp.A, "editor"), map[string]any{
		"file": "semrush.csv", "vendor": got["vendor"], "rows": got["rows"], "imported": got["imported"],
		"updated": got["updated"], "duplicates": got["duplicates"], "rejected": got["rejected"]})

	before = keywordsOf()
	paste := `{"site":"` + site + `","keywords":["zebra crossing paint","Zebra  Crossing Paint","keyword a","???","quantum knitting"]}`
	got = serve(t, r, http.MethodPost, "/api/igny8/planner/keywords", strings.NewReader(paste), "application/json",
		testapp.Token(t, app, testapp.A, "owner"), http.StatusOK)
	added = keywordsOf() - before
	if added != 2 || got["imported"] != 2.0 || got["updated"] != 1.0 || got["duplicates"] != 1.0 || got["rejected"] != 1.0 {
		t.Fatalf("paste answered %v and added %d keywords", got, added)
	}
	entries = newAuditEntries(t, app, seen)
	if len(entries) != 1 {
		t.Fatalf("the paste left %d audit entries, want 1", len(entries))
	}
	res.pasteEntry = entries[0]
	checkAudit(t, res.pasteEntry, "planner.paste", testapp.UserId(testapp.A, "owner"), map[string]any{
		"imported": got["imported"], "existing": got["updated"], "duplicates": got["duplicates"], "rejected": got["rejected"]})

	before = keywordsOf()
	body, ctype = multipartBody(map[string]string{"site": site}, "ragged.csv", testdataFile(t, "ragged.csv"))
	serve(t, r, http.MethodPost, "/api/igny8/planner/import", body, ctype,
		testapp.Token(t, app, testapp.A, "editor"), http.StatusBadRequest)
	if keywordsOf() != before {
		t.Fatal("a refused import changed keywords")
	}
	entries = newAuditEntries(t, app, seen)
	if len(entries) != 1 {
		t.Fatalf("the refused import left %d audit entries, want 1", len(entries))
	}
	res.failedEntry = entries[0]
	checkAudit(t, res.failedEntry, "planner.import_failed", testapp.UserId(testapp.A, "editor"), map[string]any{"file": "ragged.csv"})
	var failed map[string]any
	if err := res.failedEntry.UnmarshalJSONField("changes", &failed); err != nil {
		t.Fatalf("refused import entry changes: %v", err)
	}
	if msg, _ := failed["error"].(string); !strings.Contains(msg, "rows") {
		t.Fatalf("refused import entry without its error: %v", failed)
	}
	return res
}

// TestKeywordImportAudit: an import, a paste and a refused import each leave
// exactly one audit entry naming the user, the workspace and the counts;
// A's admins and owner read them, A's editor (below admin) does not, and B's
// admin and owner, outsiders and anonymous can neither list nor view them.
func TestKeywordImportAudit(t *testing.T) {
	t.Parallel()
	listURL := func(filter string) string {
		return "/api/collections/audit_log/records?perPage=100&filter=" + url.QueryEscape(filter)
	}
	planned := "action ~ 'planner.'"
	cases := []struct {
		name, ws, role string
		url            func(plannerAudit) string
		status         int
		content        []string
		notContent     []string
	}{
		{"A admin lists the three entries", testapp.A, "admin", func(plannerAudit) string { return listURL(planned) }, 200,
			[]string{`"totalItems":3`, `"action":"planner.import"`, `"action":"planner.paste"`, `"action":"planner.import_failed"`, `"actor":"` + testapp.UserId(testapp.A, "editor") + `"`}, nil},
		{"A owner views the import entry", testapp.A, "owner", func(a plannerAudit) string { return "/api/collections/audit_log/records/" + a.importEntry.Id }, 200,
			[]string{`"action":"planner.import"`, `"file":"semrush.csv"`, `"tenant":"` + testapp.TenantId(testapp.A) + `"`}, nil},
		{"A editor is below admin", testapp.A, "editor", func(plannerAudit) string { return listURL(planned) }, 200, []string{`"totalItems":0`}, nil},
		{"B admin lists only B's entries", testapp.B, "admin", func(plannerAudit) string { return listURL("") }, 200,
			[]string{`"totalItems":1`, `"tenant":"` + testapp.TenantId(testapp.B) + `"`}, []string{testapp.TenantId(testapp.A), "planner."}},
		{"B owner filtering on A's workspace gets nothing", testapp.B, "owner", func(plannerAudit) string { return listURL("tenant = '" + testapp.TenantId(testapp.A) + "'") }, 200,
			[]string{`"totalItems":0`}, nil},
		{"B admin cannot view A's import entry", testapp.B, "admin", func(a plannerAudit) string { return "/api/collections/audit_log/records/" + a.importEntry.Id }, 404,
			[]string{`"data":`}, []string{"planner."}},
		{"B owner cannot view A's paste entry", testapp.B, "owner", func(a plannerAudit) string { return "/api/collections/audit_log/records/" + a.pasteEntry.Id }, 404,
			[]string{`"data":`}, []string{"planner."}},
		{"outsider lists nothing", "outsider", "", func(plannerAudit) string { return listURL(planned) }, 200, []string{`"totalItems":0`}, nil},
		{"anonymous cannot view the paste entry", "", "", func(a plannerAudit) string { return "/api/collections/audit_log/records/" + a.pasteEntry.Id }, 404,
			[]string{`"data":`}, []string{"planner."}},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodGet, ExpectedStatus: c.status, ExpectedContent: c.content,
			NotExpectedContent: c.notContent, TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.URL = c.url(auditImportAndPaste(t, app, e.Router))
			s.Headers = map[string]string{}
			s.Headers["Authorization"] = testapp.Authorization(t, app, c.ws, c.role)
		}
		s.Test(t)
	}
}

// TestPasteAuditInItsTransaction: a paste's audit entry is written inside the
// paste's own write transaction (one turn of SQLite's single writer per
// paste, not a second one queued behind other writes), and still once.
func TestPasteAuditInItsTransaction(t *testing.T) {
	t.Parallel()
	var entries, inTx int
	s := &tests.ApiScenario{
		Name: "paste", Method: http.MethodPost, URL: "/api/igny8/planner/keywords",
		Body:           strings.NewReader(`{"site":"` + testapp.SiteId(testapp.A) + `","keywords":["audited in the paste transaction"]}`),
		ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"imported":1`}, TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if entries != 1 || inTx != 1 {
				t.Fatalf("the paste wrote %d audit entries, %d of them inside a transaction; want 1, inside the paste's", entries, inTx)
			}
		},
	}
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, testapp.A, "owner")}
		app.OnRecordCreateExecute(collections.AuditLog).BindFunc(func(e *core.RecordEvent) error {
			entries++
			if e.App.IsTransactional() {
				inTx++
			}
			return e.Next()
		})
	}
	s.Test(t)
}
