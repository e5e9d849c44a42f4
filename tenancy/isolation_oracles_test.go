package tenancy_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// answer is one HTTP answer, compared whole between a foreign and a missing id.
type answer struct {
	status int
	body   string
}

func ask(t testing.TB, url, method, path, body, auth string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, string(b)}
}

// missingId is an id no record has.
const missingId = "zzzzzzzzzzzzzz9"

// TestIsolationOracles checks that nothing tells a foreign record from a
// missing one: a relation set to workspace B's record answers exactly as a
// relation set to an id that does not exist (on update and create, every
// relation field of every collection A's owner may write), a create that names
// B's record id answers exactly as one naming a fresh id, and sorting or
// filtering plans through their workspaces does not depend on B's name.
func TestIsolationOracles(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := testapp.HTTPServer(t, app)
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	ownerActor := actor{kind: "member", ws: testapp.A, role: collections.RoleOwner}
	b := testapp.TenantId(testapp.B)
	same := func(what string, foreign, missing answer) {
		t.Helper()
		casesChecked.Add(1)
		if foreign != missing {
			t.Errorf("%s: a foreign id answers differently from a missing one:\n foreign %d %s\n missing %d %s",
				what, foreign.status, foreign.body, missing.status, missing.body)
		}
		if foreign.status == 200 {
			t.Errorf("%s: accepted a foreign id: %s", what, foreign.body)
		}
	}
	relations, fresh := 0, 0
	for _, s := range subjects(t, app) {
		if s.global {
			continue
		}
		col, err := app.FindCollectionByNameOrId(s.collection)
		if err != nil {
			t.Fatal(err)
		}
		base := "/api/collections/" + s.collection + "/records"
		for _, f := range col.Fields {
			rf, ok := f.(*core.RelationField)
			if !ok || rf.Name == "tenant" {
				continue
			}
			target, err := app.FindCollectionByNameOrId(rf.CollectionId)
			if err != nil || target.Fields.GetByName("tenant") == nil {
				continue
			}
			foreign, err := app.FindRecordsByFilter(target, "tenant = {:b}", "", 1, 0, map[string]any{"b": b})
			if err != nil || len(foreign) == 0 {
				continue
			}
			relations++
			if s.update(ownerActor) {
				patch := func(id string) answer {
					return ask(t, srv.URL, http.MethodPatch, base+"/"+s.id, fmt.Sprintf(`{%q:%q}`, rf.Name, id), owner)
				}
				same(s.collection+"."+rf.Name+" update", patch(foreign[0].Id), patch(missingId))
			}
			if s.create(ownerActor) {
				post := func(id string) answer {
					body := strings.TrimSuffix(s.createBody, "}") + fmt.Sprintf(`,%q:%q}`, rf.Name, id)
					return ask(t, srv.URL, http.MethodPost, base, body, owner)
				}
				same(s.collection+"."+rf.Name+" create", post(foreign[0].Id), post(missingId))
			}
		}
		if s.create(ownerActor) {
			bId := testapp.RecordId(s.collection, testapp.B)
			if s.collection == collections.Sites {
				bId = testapp.SiteId(testapp.B)
			}
			if _, err := app.FindRecordById(s.collection, bId); err == nil {
				post := func(id string) answer {
					return ask(t, srv.URL, http.MethodPost, base, strings.TrimSuffix(s.createBody, "}")+fmt.Sprintf(`,"id":%q}`, id), owner)
				}
				fresh++ // an id no record has, used once (a create that accepts it makes it taken)
				same(s.collection+" create with B's id", post(bId), post(fmt.Sprintf("fresh%010d", fresh)))
			}
		}
	}
	if relations < 8 {
		t.Fatalf("only %d cross-tenant relation fields found; the fixture lost its relations", relations)
	}

	// Plans are readable by every signed-in user; their back-relation to the
	// workspaces must not sort or filter by another workspace's name.
	starter, err := app.FindFirstRecordByData(collections.Plans, "code", "starter")
	if err != nil {
		t.Fatal(err)
	}
	rename := func(name string) {
		rec, err := app.FindRecordById(collections.Tenants, b)
		if err != nil {
			t.Fatal(err)
		}
		rec.Set("name", name)
		rec.Set("plan", starter.Id)
		if err := app.Save(rec); err != nil {
			t.Fatal(err)
		}
	}
	// ids of the plans in an answer (nil for a refusal), in order.
	ids := func(a answer) []string {
		if a.status != 200 {
			return nil
		}
		var body struct {
			Items []struct{ Id string } `json:"items"`
		}
		if err := json.Unmarshal([]byte(a.body), &body); err != nil {
			t.Fatal(err)
		}
		out := make([]string, 0, len(body.Items))
		for _, it := range body.Items {
			out = append(out, it.Id)
		}
		return out
	}
	all := ids(ask(t, srv.URL, http.MethodGet, "/api/collections/plans/records?perPage=500&fields=id", "", owner))
	for _, q := range []string{
		"?sort=tenants_via_plan.name",
		"?sort=-tenants_via_plan.name",
		"?filter=" + url.QueryEscape(`tenants_via_plan.name ~ "aaaa"`),
		"?filter=" + url.QueryEscape(`tenants_via_plan.id = null`),
	} {
		rename("aaaa B")
		low := ask(t, srv.URL, http.MethodGet, "/api/collections/plans/records"+q+"&perPage=500&fields=id", "", owner)
		rename("zzzz B")
		high := ask(t, srv.URL, http.MethodGet, "/api/collections/plans/records"+q+"&perPage=500&fields=id", "", owner)
		casesChecked.Add(2)
		if low.status != high.status || !slices.Equal(ids(low), ids(high)) {
			t.Errorf("plans%s depends on workspace B's name:\n %d %s\n %d %s", q, low.status, low.body, high.status, high.body)
		}
		if got := ids(low); low.status == 200 && (len(got) != len(all) || strings.HasPrefix(q, "?filter")) {
			t.Errorf("plans%s answers %d of %d plans: which plans other workspaces use shows", q, len(got), len(all))
		}
	}
}

// TestIsolationAIKeyRoute sends every actor at PUT /api/igny8/workspaces/A/ai-key:
// only A's owner sets it, B's members and outsiders get 404 (as for a missing
// workspace), nobody's answer contains the key, and a refused request leaves
// A without a key.
func TestIsolationAIKeyRoute(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	const key = "sk-isolation-route-key"
	for _, act := range actors() {
		status := http.StatusNotFound
		switch {
		case act.kind == "anonymous":
			status = http.StatusUnauthorized
		case act.kind == "superuser":
			status = http.StatusForbidden // the workspace routes are for workspace users
		case act.ws == testapp.A && act.role == collections.RoleOwner:
			status = http.StatusOK
		case act.ws == testapp.A:
			status = http.StatusForbidden
		}
		s := tests.ApiScenario{Name: act.name + " sets A's AI key", Method: http.MethodPut,
			URL: "/api/igny8/workspaces/" + a + "/ai-key", Body: strings.NewReader(`{"key":"` + key + `"}`),
			ExpectedStatus: status, NotExpectedContent: []string{key, "enc:v"}, TestAppFactory: testapp.Factory}
		if status == http.StatusOK {
			s.ExpectedContent = []string{`"ai_key_set":true`}
		} else {
			s.ExpectedContent = []string{`"data":`}
		}
		s.BeforeTestFunc = withHeaders(act, &s)
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			rec, err := app.FindRecordById(collections.Tenants, a)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tenancy.Secret(app, rec, collections.TenantAIKey)
			if err != nil || (got == key) != (status == http.StatusOK) {
				t.Fatalf("A's key after %s: %q, %v", act.name, got, err)
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// TestIsolationAdoptRoute sends every actor at POST
// /api/igny8/contents/{A's content}/adopt: anonymous 401, outsiders and B's
// members 404 (as for a missing content), A's viewers and editors 403, A's
// admins, owners and superusers reach WordPress (502 here: nothing listens at
// the fixture site's address, and the answer names no address or Go error);
// nobody changes A's content.
func TestIsolationAdoptRoute(t *testing.T) {
	t.Parallel()
	content := testapp.RecordId(collections.Contents, testapp.A)
	for _, act := range actors() {
		status := http.StatusNotFound
		switch {
		case act.kind == "anonymous":
			status = http.StatusUnauthorized
		case act.kind == "superuser", act.ws == testapp.A && tenancy.Rank(act.role) >= tenancy.Rank(collections.RoleAdmin):
			status = http.StatusBadGateway
		case act.ws == testapp.A:
			status = http.StatusForbidden
		}
		s := tests.ApiScenario{Name: act.name + " adopts a post for A's content", Method: http.MethodPost,
			URL: "/api/igny8/contents/" + content + "/adopt", Body: strings.NewReader(`{"wp_post_id":1}`),
			ExpectedStatus: status, ExpectedContent: []string{`"data":`}, NotExpectedContent: []string{"127.0.0.1", "dial"},
			TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = withHeaders(act, &s)
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			rec, err := app.FindRecordById(collections.Contents, content)
			if err != nil || rec.GetInt("wp_post_id") != 0 {
				t.Fatalf("A's content after %s: wp_post_id %d, %v", act.name, rec.GetInt("wp_post_id"), err)
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// TestBridgeSecretNeverAnswered: the bridge secret (and the app password) of a
// site appear in no API answer — list, view, expand from pipeline records, the
// credentials route, the connection check — for any role, superusers
// included; only the link token carries the bridge secret.
func TestBridgeSecretNeverAnswered(t *testing.T) {
	t.Parallel()
	site := testapp.SiteId(testapp.A)
	secrets := []string{"bridge-secret-a", "secret-app-password-a", "new-bridge-secret-value-0123456789"}
	type call struct{ method, url, body string }
	calls := []call{
		{http.MethodGet, "/api/collections/sites/records?perPage=500&fields=*,bridge_secret,app_password", ""},
		{http.MethodGet, "/api/collections/sites/records/" + site, ""},
		{http.MethodGet, "/api/collections/contents/records?expand=site,task.idea.cluster.site", ""},
		{http.MethodGet, "/api/collections/keywords/records/" + testapp.RecordId(collections.Keywords, testapp.A) + "?expand=site", ""},
		{http.MethodPut, "/api/igny8/sites/" + site + "/credentials", `{"transport":"bridge","bridge_secret":"new-bridge-secret-value-0123456789"}`},
		{http.MethodPost, "/api/igny8/sites/" + site + "/check", ""},
	}
	for _, act := range []actor{{name: "A owner", kind: "member", ws: testapp.A, role: collections.RoleOwner},
		{name: "A viewer", kind: "member", ws: testapp.A, role: collections.RoleViewer}, {name: "superuser", kind: "superuser"}} {
		for _, c := range calls {
			s := tests.ApiScenario{Name: act.name + " " + c.method + " " + c.url, Method: c.method, URL: c.url,
				Body: strings.NewReader(c.body), NotExpectedContent: secrets, TestAppFactory: testapp.Factory}
			s.ExpectedStatus = http.StatusOK
			if act.role == collections.RoleViewer && strings.HasPrefix(c.url, "/api/igny8/") {
				s.ExpectedStatus = http.StatusForbidden // admin routes
			}
			s.BeforeTestFunc = withHeaders(act, &s)
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}
