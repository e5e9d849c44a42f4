package thinker_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

type scenario struct {
	name, who, method, url, body string
	status                       int
	content                      []string
	before                       func(testing.TB, *tests.TestApp)
	after                        func(testing.TB, *tests.TestApp, *http.Response)
}

// token signs as who: "", "outsider", "superuser" or "workspace:role".
func token(t testing.TB, app core.App, who string) string {
	ws, role, _ := strings.Cut(who, ":")
	return testapp.Authorization(t, app, ws, role)
}

func run(t *testing.T, cases []scenario) {
	for _, c := range cases {
		sc := tests.ApiScenario{Name: c.name, Method: c.method, URL: c.url, Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory, AfterTestFunc: c.after}
		if len(sc.ExpectedContent) == 0 {
			sc.ExpectedContent = []string{`"data":`}
		}
		sc.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			if tok := token(t, app, c.who); tok != "" {
				sc.Headers = map[string]string{"Authorization": tok}
			}
			if c.before != nil {
				c.before(t, app)
			}
		}
		sc.Test(t)
	}
}

func overrides(app core.App, ws, typ string) int64 {
	n, _ := app.CountRecords(collections.Prompts, dbx.HashExp{"tenant": testapp.TenantId(ws), "type": typ})
	return n
}

func TestPromptLibrary(t *testing.T) {
	t.Parallel()
	a := "/api/igny8/thinker/workspaces/" + testapp.TenantId(testapp.A) + "/prompts"
	count := func(ws, typ string, want int64) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if n := overrides(app, ws, typ); n != want {
				t.Fatalf("%d %s overrides in %s, want %d", n, typ, ws, want)
			}
		}
	}
	cases := []scenario{
		{"viewer lists effective prompts", "a:viewer", "GET", a, "", 200, []string{`"type":"content_section"`, `"type":"content","name":"Override a"`, `"overridden":true`}, nil, nil},
		{"admin overrides a system prompt", "a:admin", "PUT", a + "/meta", `{"system":"Be brief.","template":"Meta for {{.Title}}"}`, 200, []string{`"template":"Meta for {{.Title}}"`, `"active":true`}, nil, count(testapp.A, "meta", 1)},
		{"saving again replaces the override", "a:admin", "PUT", a + "/content", `{"template":"Write {{.Title}} well"}`, 200, []string{`"id":"` + testapp.RecordId(collections.Prompts, testapp.A) + `"`}, nil, count(testapp.A, "content", 1)},
		{"broken template rejected", "a:admin", "PUT", a + "/meta", `{"template":"{{.Title"}`, 400, []string{`igny8_template`}, nil, count(testapp.A, "meta", 0)},
		{"the list names each type's variables", "a:viewer", "GET", a, "", 200, []string{`"type":"meta"`, `"variables":[{"name":"Title","kind":"text"`, `{"name":"MaxClusters","kind":"number"`}, nil, nil},
		{"a variable the type lacks is refused at its field", "a:admin", "PUT", a + "/meta", `{"template":"Meta for {{.Titel}}"}`, 400,
			[]string{`"template":{"code":"igny8_unknown_variable"`, `.Titel`, `can use Title, Keyword`}, nil, count(testapp.A, "meta", 0)},
		{"so is one in the system message", "a:admin", "PUT", a + "/meta", `{"template":"Meta for {{.Title}}","system":"Speak as {{$.Persona}}"}`, 400,
			[]string{`"system":{"code":"igny8_unknown_variable"`, `.Persona`}, nil, count(testapp.A, "meta", 0)},
		{"fields inside a range are the element's", "a:admin", "PUT", a + "/clustering", `{"template":"{{range .Keywords}}{{.}} {{$.Site}}{{end}}"}`, 200,
			[]string{`"type":"clustering"`}, nil, count(testapp.A, "clustering", 1)},
		{"blank template rejected", "a:admin", "PUT", a + "/meta", `{"template":"  "}`, 400, []string{`Template is required`}, nil, count(testapp.A, "meta", 0)},
		{"unknown type", "a:admin", "PUT", a + "/nope", `{"template":"x"}`, 404, nil, nil, count(testapp.A, "nope", 0)},
		{"editor cannot override", "a:editor", "PUT", a + "/meta", `{"template":"x"}`, 403, nil, nil, count(testapp.A, "meta", 0)},
		{"admin resets to default", "a:admin", "DELETE", a + "/content", "", 200, []string{`"removed":1`}, nil, count(testapp.A, "content", 0)},
		{"editor cannot reset", "a:editor", "DELETE", a + "/content", "", 403, nil, nil, count(testapp.A, "content", 1)},
		{"B owner cannot list A", "b:owner", "GET", a, "", 404, nil, nil, nil},
		{"B owner cannot override in A", "b:owner", "PUT", a + "/meta", `{"template":"x"}`, 404, nil, nil, count(testapp.A, "meta", 0)},
		{"B owner cannot reset A", "b:owner", "DELETE", a + "/content", "", 404, nil, nil, count(testapp.A, "content", 1)},
		{"outsider cannot list", "outsider", "GET", a, "", 404, nil, nil, nil},
		{"anonymous cannot list", "", "GET", a, "", 401, nil, nil, nil},
		{"B's reset leaves A alone", "b:owner", "DELETE", "/api/igny8/thinker/workspaces/" + testapp.TenantId(testapp.B) + "/prompts/content", "", 200, []string{`"removed":1`}, nil, count(testapp.A, "content", 1)},
	}
	run(t, cases)
}

func TestPlayground(t *testing.T) {
	t.Parallel()
	srv := aitest.New(t)
	srv.Handle(func(c aitest.Call) aitest.Reply {
		if strings.Contains(c.Messages[len(c.Messages)-1].Content, "Meta for Coffee") {
			return aitest.Reply{Content: "played", TokensIn: 100, TokensOut: 50}
		}
		if strings.Contains(c.Messages[len(c.Messages)-1].Content, "Write the SEO metadata for this article.\nTitle: Coffee") {
			return aitest.Reply{Content: "default played", TokensIn: 80, TokensOut: 40}
		}
		return aitest.ServerError()
	})
	body := func(tenant, extra string) string {
		return `{"tenant":"` + testapp.TenantId(tenant) + `","type":"meta","vars":{"Title":"Coffee"}` + extra + `}`
	}
	override := func(t testing.TB, app *tests.TestApp) {
		srv.Configure(app)
		p, _ := app.FindRecordById(collections.Prompts, testapp.RecordId(collections.Prompts, testapp.A))
		p.Set("type", "meta")
		p.Set("template", "Meta for {{.Title}}")
		if err := app.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	spent := func(want int) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			b, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))
			if got := 2000 - b.Total(); got != want {
				t.Fatalf("spent %d credits, want %d", got, want)
			}
			if m, err := billing.Verify(app); err != nil || len(m) > 0 {
				t.Fatalf("verify: %v %v", m, err)
			}
		}
	}
	cases := []scenario{
		{"editor runs the workspace's prompt", "a:editor", "POST", "/api/igny8/thinker/playground", body(testapp.A, `,"model":"gpt-5.4-mini"`), 200,
			[]string{`"output":"played"`, `"tokens_in":100`, `"tokens_out":50`, `"credits_charged":1`, `"model":"gpt-5.4-mini"`, `"user":"Meta for Coffee"`, `"cost_usd":`}, override, spent(1)},
		{"the system default runs beside the override", "a:editor", "POST", "/api/igny8/thinker/playground",
			`{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","source":"default","vars":{"Title":"Coffee","Keyword":"coffee","Excerpt":""}}`, 200,
			[]string{`"output":"default played"`, `"tokens_in":80`, `"credits_charged":1`}, override, spent(1)},
		{"an unknown source is refused", "a:editor", "POST", "/api/igny8/thinker/playground", body(testapp.A, `,"source":"theirs"`), 400,
			[]string{`Source is`}, override, spent(0)},
		{"provider failure refunds", "a:editor", "POST", "/api/igny8/thinker/playground", `{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","vars":{"Title":"Tea"}}`, 502, []string{`did not answer`}, override, spent(0)},
		{"missing variable", "a:editor", "POST", "/api/igny8/thinker/playground", `{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","vars":{}}`, 400, []string{`could not be rendered`}, override, spent(0)},
		{"unknown model", "a:editor", "POST", "/api/igny8/thinker/playground", body(testapp.A, `,"model":"no-such-model"`), 400, []string{`not an enabled model`}, override, spent(0)},
		{"type required", "a:editor", "POST", "/api/igny8/thinker/playground", `{"tenant":"` + testapp.TenantId(testapp.A) + `"}`, 400, []string{`Type is required`}, override, spent(0)},
		{"viewer cannot play", "a:viewer", "POST", "/api/igny8/thinker/playground", body(testapp.A, ""), 403, nil, override, spent(0)},
		{"B editor cannot play on A's account", "b:editor", "POST", "/api/igny8/thinker/playground", body(testapp.A, ""), 404, nil, override, spent(0)},
		{"outsider cannot play", "outsider", "POST", "/api/igny8/thinker/playground", body(testapp.A, ""), 404, nil, override, spent(0)},
		{"anonymous cannot play", "", "POST", "/api/igny8/thinker/playground", body(testapp.A, ""), 401, nil, override, spent(0)},
	}
	run(t, cases)
}

// TestPersonasStrategiesIsolation checks the collection rules: members read,
// editors write, nobody outside the workspace sees or changes anything.
func TestPersonasStrategiesIsolation(t *testing.T) {
	t.Parallel()
	seed := func(t testing.TB, app *tests.TestApp) {
		for _, ws := range testapp.Workspaces {
			for _, c := range []struct {
				col  string
				data map[string]any
			}{
				{collections.Personas, map[string]any{"name": "Persona " + ws, "audience": "home baristas"}},
				{collections.Strategies, map[string]any{"name": "Strategy " + ws, "site": testapp.SiteId(ws), "rules": "no jargon", "active": true}},
			} {
				// the fixtures already hold a persona and a strategy per workspace
				r, err := app.FindRecordById(c.col, testapp.RecordId(c.col, ws))
				if err != nil {
					col, _ := app.FindCollectionByNameOrId(c.col)
					r = core.NewRecord(col)
					r.Id = testapp.RecordId(c.col, ws)
				}
				r.Load(c.data)
				r.Set("tenant", testapp.TenantId(ws))
				if err := app.Save(r); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var cases []scenario
	for _, col := range []string{collections.Personas, collections.Strategies} {
		base := "/api/collections/" + col + "/records"
		aRec := base + "/" + testapp.RecordId(col, testapp.A)
		tenantA := testapp.TenantId(testapp.A)
		name := func(want string) func(testing.TB, *tests.TestApp, *http.Response) {
			return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				r, _ := app.FindRecordById(col, testapp.RecordId(col, testapp.A))
				if r.GetString("name") != want {
					t.Fatalf("name %q, want %q", r.GetString("name"), want)
				}
			}
		}
		cases = append(cases,
			scenario{col + ": viewer lists own only", "a:viewer", "GET", base, "", 200, []string{`"totalItems":1`, testapp.RecordId(col, testapp.A)}, seed, nil},
			scenario{col + ": B lists none of A", "b:owner", "GET", base + "?filter=tenant='" + tenantA + "'", "", 200, []string{`"totalItems":0`}, seed, nil},
			scenario{col + ": outsider lists none", "outsider", "GET", base, "", 200, []string{`"totalItems":0`}, seed, nil},
			scenario{col + ": anonymous lists none", "", "GET", base, "", 200, []string{`"totalItems":0`}, seed, nil},
			scenario{col + ": B cannot view A", "b:owner", "GET", aRec, "", 404, nil, seed, nil},
			scenario{col + ": editor updates", "a:editor", "PATCH", aRec, `{"name":"Renamed"}`, 200, []string{`"name":"Renamed"`}, seed, name("Renamed")},
			scenario{col + ": viewer cannot update", "a:viewer", "PATCH", aRec, `{"name":"Renamed"}`, 404, nil, seed, name(map[string]string{collections.Personas: "Persona a", collections.Strategies: "Strategy a"}[col])},
			scenario{col + ": B cannot update A", "b:owner", "PATCH", aRec, `{"name":"Renamed"}`, 404, nil, seed, name(map[string]string{collections.Personas: "Persona a", collections.Strategies: "Strategy a"}[col])},
			scenario{col + ": B cannot delete A", "b:owner", "DELETE", aRec, "", 404, nil, seed, name(map[string]string{collections.Personas: "Persona a", collections.Strategies: "Strategy a"}[col])},
			scenario{col + ": B cannot create in A", "b:owner", "POST", base, `{"tenant":"` + tenantA + `","name":"x"}`, 400, nil, seed, nil},
			scenario{col + ": viewer cannot create", "a:viewer", "POST", base, `{"tenant":"` + tenantA + `","name":"x"}`, 400, nil, seed, nil},
			scenario{col + ": editor creates", "a:editor", "POST", base, `{"tenant":"` + tenantA + `","name":"New one"}`, 200, []string{`"name":"New one"`}, seed, nil},
			scenario{col + ": cannot move to B", "a:owner", "PATCH", aRec, `{"tenant":"` + testapp.TenantId(testapp.B) + `"}`, 404, nil, seed, nil},
		)
	}
	cases = append(cases, scenario{"strategies: A cannot point at B's site", "a:editor", "POST", "/api/collections/strategies/records",
		`{"tenant":"` + testapp.TenantId(testapp.A) + `","name":"x","site":"` + testapp.SiteId(testapp.B) + `"}`, 400, nil, seed, nil})
	run(t, cases)
}

// TestPromptBudgets replays issue 11's memory attack: three nested ranges
// over a 200-item list (24 GB before the budgets). Saving such a template is
// refused on every path; one already stored (saved before the budgets
// existed) is refused when the playground renders it, within the budget and
// without spending a credit. Run against code without the budgets only under
// a memory cap (prlimit --as=4000000000).
func TestPromptBudgets(t *testing.T) {
	t.Parallel()
	const attack = `{{range .L}}{{range $.L}}{{range $.L}}xxxxxxxxxx{{end}}{{end}}{{end}}`
	const wide = `{{range .L}}{{range $.L}}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{end}}{{end}}`
	items := make([]string, 200)
	for i := range items {
		items[i] = strconv.Itoa(i)
	}
	list := `[` + strings.Join(items, ",") + `]`
	a := "/api/igny8/thinker/workspaces/" + testapp.TenantId(testapp.A) + "/prompts"
	stored := func(tmpl string) func(testing.TB, *tests.TestApp) {
		return func(t testing.TB, app *tests.TestApp) {
			aitest.New(t).Configure(app)
			p, _ := app.FindRecordById(collections.Prompts, testapp.RecordId(collections.Prompts, testapp.A))
			p.Set("type", "meta")
			p.Set("template", tmpl)
			if err := app.SaveNoValidate(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	spent := func(want int) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			b, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))
			if got := 2000 - b.Total(); got != want {
				t.Fatalf("spent %d credits, want %d", got, want)
			}
		}
	}
	// the fixture override of A is type content: a refused save leaves no meta one
	refused := func(t testing.TB, app *tests.TestApp, r *http.Response) {
		spent(0)(t, app, r)
		if n := overrides(app, testapp.A, "meta"); n != 0 {
			t.Fatalf("%d meta overrides stored", n)
		}
	}
	play := func() string {
		return `{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","vars":{"L":` + list + `}}`
	}
	save := func(tmpl string) string { b, _ := json.Marshal(map[string]string{"template": tmpl}); return string(b) }
	cases := []scenario{
		{"save route refuses the attack", "a:admin", "PUT", a + "/meta", save(attack), 400, []string{`igny8_template`, `ranges nested 3 deep`}, nil, refused},
		{"save route refuses sub-templates", "a:admin", "PUT", a + "/meta", save(`{{define "x"}}{{template "x" .}}{{template "x" .}}{{end}}{{template "x" .}}`), 400, []string{`igny8_template`}, nil, refused},
		{"collections API refuses the attack", "a:admin", "POST", "/api/collections/prompts/records",
			`{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","name":"x","active":true,"template":` + strconv.Quote(attack) + `}`, 400, []string{`igny8_template`}, nil, refused},
		{"stored attack refused by the playground", "a:editor", "POST", "/api/igny8/thinker/playground", play(), 400, []string{`could not be rendered`, `exceeds its budget`}, stored(attack), spent(0)},
		{"stored wide template stops at the byte budget", "a:editor", "POST", "/api/igny8/thinker/playground", play(), 400, []string{`exceeds its budget: more than 1048576 bytes`}, stored(wide), spent(0)},
		{"a task cannot ask for a billion words", "a:editor", "POST", "/api/collections/tasks/records",
			`{"tenant":"` + testapp.TenantId(testapp.A) + `","site":"` + testapp.SiteId(testapp.A) + `","title":"x","word_count_target":1000000000}`, 400, []string{`"word_count_target":{"code":"validation_max_number_constraint"`}, nil, spent(0)},
		{"vars are bounded", "a:editor", "POST", "/api/igny8/thinker/playground", `{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","vars":{"X":"` + strings.Repeat("x", 70000) + `"}}`, 400, []string{`are limited to 65536 bytes`}, nil, spent(0)},
	}
	run(t, cases)
}

// TestPlaygroundRedactsUpstream: a gateway that echoes the request's
// Authorization header (the workspace's own key) in its error body does not
// show that key to the editor; the credit is refunded.
func TestPlaygroundRedactsUpstream(t *testing.T) {
	t.Parallel()
	const key = "sk-or-v1-9f8e7d6c5b4a39281706"
	srv := aitest.New(t)
	srv.Handle(func(c aitest.Call) aitest.Reply {
		return aitest.Reply{Status: http.StatusUnauthorized,
			Body: `{"error":{"message":"gateway refused header Authorization: ` + c.Auth + ` (api_key=` + strings.TrimPrefix(c.Auth, "Bearer ") + `)","type":"auth"}}`}
	})
	before := func(t testing.TB, app *tests.TestApp) {
		srv.Configure(app)
		ten, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
		ten.Set("ai_api_key", key)
		if err := app.Save(ten); err != nil {
			t.Fatal(err)
		}
	}
	after := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if calls := srv.Calls(); len(calls) == 0 || calls[0].Auth != "Bearer "+key {
			t.Fatalf("the workspace key was not used: %+v", calls)
		}
		b, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))
		if b.Total() != 2000 {
			t.Fatalf("balance %d, want 2000 (refunded)", b.Total())
		}
	}
	body := `{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"content","vars":{"Title":"x","Keyword":"x","Keywords":[],"Outline":[],"Words":1,"Tone":"","Audience":"","Site":""}}`
	sc := tests.ApiScenario{Name: "gateway echo redacted", Method: "POST", URL: "/api/igny8/thinker/playground", Body: strings.NewReader(body),
		ExpectedStatus: 502, ExpectedContent: []string{`did not answer`, `Authorization: Bearer [redacted]`, `api_key=[redacted]`},
		NotExpectedContent: []string{"9f8e7d6c5b4a39281706"}, TestAppFactory: testapp.Factory, AfterTestFunc: after}
	sc.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		sc.Headers = map[string]string{"Authorization": token(t, app, "a:editor")}
		before(t, app)
	}
	sc.Test(t)
}

// TestPlaygroundRateLimited: when the provider says the key has no requests
// left, the next playground run answers 429 with Retry-After at once (no
// request held open, nothing sent), and its credit is refunded.
func TestPlaygroundRateLimited(t *testing.T) {
	t.Parallel()
	srv := aitest.New(t)
	srv.Enqueue(aitest.Remaining(0, 40*time.Second, aitest.Text("first")))
	body := `{"tenant":"` + testapp.TenantId(testapp.A) + `","type":"meta","vars":{"Title":"Coffee"}}`
	sc := tests.ApiScenario{Name: "second run rate limited", Method: "POST", URL: "/api/igny8/thinker/playground", Body: strings.NewReader(body),
		ExpectedStatus: 429, ExpectedContent: []string{`try again in 40 s`}, TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if res.Header.Get("Retry-After") != "40" {
				t.Fatalf("Retry-After %q", res.Header.Get("Retry-After"))
			}
			if n := len(srv.Calls()); n != 1 {
				t.Fatalf("%d requests sent, want 1", n)
			}
			if b, _ := billing.GetBalance(app, testapp.TenantId(testapp.A)); b.Total() != 2000 {
				t.Fatalf("balance %d, want 2000 (refunded)", b.Total())
			}
		}}
	sc.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		srv.Configure(app)
		p, _ := app.FindRecordById(collections.Prompts, testapp.RecordId(collections.Prompts, testapp.A))
		p.Set("type", "meta")
		p.Set("template", "Meta for {{.Title}}")
		if err := app.Save(p); err != nil {
			t.Fatal(err)
		}
		sc.Headers = map[string]string{"Authorization": token(t, app, "a:editor")}
		// an earlier call on the same key and model used up its requests
		if _, _, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(testapp.A),
			Messages: []ai.Message{{Role: "user", Content: "x"}}}); err != nil {
			t.Fatal(err)
		}
	}
	sc.Test(t)
}
