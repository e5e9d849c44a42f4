package wordpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

func TestMain(m *testing.M) {
	testapp.Main(m, cleanupWordPress)
}

// wpSite is one test WordPress from .test-env.
type wpSite struct {
	URL, User, AppPassword, AuthorUser, AuthorPassword, BridgeSecret string
}

// testWP reads site n (1: core REST only, 2: with the bridge plugin). A
// missing environment fails the test: these tests need the real WordPress.
func testWP(t testing.TB, n int) wpSite {
	t.Helper()
	get := func(k string) string {
		v := os.Getenv(fmt.Sprintf("IGNY8_TEST_WP%d_%s", n, k))
		if v == "" {
			t.Fatalf("IGNY8_TEST_WP%d_%s is not set: run `make test-setup` (it installs and starts the test WordPress sites) and run the tests with `make test` (or `set -a; . ./.test-env; set +a` first)", n, k)
		}
		return v
	}
	s := wpSite{URL: get("URL"), User: get("USER"), AppPassword: get("APP_PASSWORD"), AuthorUser: get("AUTHOR_USER"), AuthorPassword: get("AUTHOR_APP_PASSWORD")}
	if n == 2 {
		s.BridgeSecret = get("BRIDGE_SECRET")
	}
	return s
}

// newSite adds a site of workspace A pointing at url with the given credentials.
func newSite(t testing.TB, app core.App, url, user, pass, transport, secret string) *core.Record {
	t.Helper()
	col, _ := app.FindCollectionByNameOrId(collections.Sites)
	r := core.NewRecord(col)
	r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "name": "WP " + url, "url": url, "transport": transport,
		"wp_username": user, "app_password": pass, "bridge_secret": secret, "status": wordpress.SiteConnected})
	if err := app.Save(r); err != nil {
		t.Fatalf("site: %v", err)
	}
	return r
}

// pointSiteAt moves site to url (a fault proxy in front of the same
// WordPress, or nowhere) the way a user does: the move puts the site back to
// new, and a connection check makes it usable again (it fails when nothing
// answers, leaving the site in error, which still lets a publish try).
func pointSiteAt(t testing.TB, app core.App, site *core.Record, url string) {
	t.Helper()
	site.Set("url", url)
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	if _, err := wordpress.CheckSite(context.Background(), app, site); err != nil {
		t.Fatal(err)
	}
}

func sitesFor(t testing.TB, app core.App) map[string]*core.Record {
	w1, w2 := testWP(t, 1), testWP(t, 2)
	return map[string]*core.Record{
		"rest":   newSite(t, app, w1.URL, w1.User, w1.AppPassword, "rest", ""),
		"bridge": newSite(t, app, w2.URL, w2.User, w2.AppPassword, "bridge", w2.BridgeSecret),
	}
}

func pngBytes(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := 0; y < 24; y++ {
		for x := 0; x < 32; x++ {
			img.Set(x, y, color.RGBA{uint8(seed * 40), uint8(x * 8), uint8(y * 10), 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// newContent adds a content of site with a featured and n in-article images,
// each in-article figure after its H2 the way the writer places them.
func newContent(t testing.TB, app core.App, site *core.Record, title string, inArticle int) *core.Record {
	t.Helper()
	cc, _ := app.FindCollectionByNameOrId(collections.Contents)
	c := core.NewRecord(cc)
	c.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "title": title, "html": "<p>draft</p>",
		"status": "approved", "publish_status": collections.PublishNone, "meta_title": title + " | SEO",
		"meta_description": "Meta description of " + title + " " + runTag, "categories": []string{"igny8 Testing"}, "tags": []string{"alpha", "beta"}})
	if err := app.Save(c); err != nil {
		t.Fatalf("content: %v", err)
	}
	ic, _ := app.FindCollectionByNameOrId(collections.Images)
	html := "<p>Intro paragraph of " + title + " (test run " + runTag + ").</p>"
	for i := 0; i <= inArticle; i++ {
		img := core.NewRecord(ic)
		kind := "in_article"
		if i == 0 {
			kind = "featured"
		}
		f, _ := filesystem.NewFileFromBytes(pngBytes(i), fmt.Sprintf("img-%d.png", i))
		img.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "content": c.Id, "kind": kind,
			"position": i, "alt": fmt.Sprintf("alt %d of %s", i, title), "status": "ready", "file": f})
		if err := app.Save(img); err != nil {
			t.Fatalf("image: %v", err)
		}
		if kind == "in_article" {
			html += fmt.Sprintf(`<h2>Section %d</h2><figure data-igny8-image="%s"><img src="/api/files/images/%s/%s" alt="x" loading="lazy"/></figure><p>Text %d.</p>`,
				i, img.Id, img.Id, img.GetString("file"), i)
		}
	}
	c.Set("html", html)
	if err := app.Save(c); err != nil {
		t.Fatalf("content html: %v", err)
	}
	return c
}

// wpGet does an authenticated core REST GET on site and decodes the answer.
func wpGet(t testing.TB, s wpSite, route string, q url.Values, out any) int {
	t.Helper()
	u := s.URL + "/wp-json" + route
	if q != nil {
		u += "?" + q.Encode()
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.SetBasicAuth(s.User, s.AppPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", route, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("GET %s: %v: %s", route, err, body)
		}
	}
	return resp.StatusCode
}

// postsOf counts the posts (any status but trash) WordPress holds for an
// igny8 content: by marker comment on the core REST site, by the plugin's
// content-id meta on the bridge site.
func postsOf(t testing.TB, app core.App, transport string, site *core.Record, contentId string) []int {
	t.Helper()
	var ids []int
	if transport == "bridge" {
		tr, err := wordpress.TransportOf(app, site)
		if err != nil {
			t.Fatal(err)
		}
		posts, err := tr.Updates(context.Background(), time.Now().Add(-2*time.Hour))
		if err != nil {
			t.Fatalf("pull-updates: %v", err)
		}
		for _, p := range posts {
			if p.ContentID == contentId && p.Status != "trash" {
				ids = append(ids, p.ID)
			}
		}
		return ids
	}
	var list []struct {
		ID int `json:"id"`
	}
	wpGet(t, testWP(t, 1), "/wp/v2/posts", url.Values{"search": {wordpress.ContentMarker(contentId)}, "status": {"publish,future,draft,pending,private"}, "context": {"edit"}, "_fields": {"id"}}, &list)
	for _, p := range list {
		ids = append(ids, p.ID)
	}
	return ids
}

// faultProxy forwards to a WordPress and fails chosen requests with 500:
// before forwarding (the step never reached WordPress) or after (WordPress
// did the work but igny8 never heard).
type faultProxy struct {
	*httptest.Server
	mu    sync.Mutex
	rules []*fault
	hits  atomic.Int64
	// stripAuth drops the Authorization header like some hosts do; noPretty
	// answers /wp-json/ with an HTML 404 like a server without rewrites.
	stripAuth, noPretty atomic.Bool
	// down answers every request with 502, like a host whose WordPress is
	// down (a job retries it later; the client does not wait within a step).
	down atomic.Bool
}

type fault struct {
	match func(r *http.Request) bool
	after bool
	times int
	// hang forwards the request, signals on hung, then never answers (the
	// caller dies waiting).
	hang chan struct{}
}

func newFaultProxy(t testing.TB, target string) *faultProxy {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &faultProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.hits.Add(1)
		if p.down.Load() {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html>Bad Gateway</html>"))
			return
		}
		if p.stripAuth.Load() {
			r.Header.Del("Authorization")
		}
		if p.noPretty.Load() && strings.HasPrefix(r.URL.Path, "/wp-json") {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte("<html>Not Found</html>"))
			return
		}
		p.mu.Lock()
		var hit *fault
		for _, f := range p.rules {
			if f.times > 0 && f.match(r) {
				f.times--
				hit = f
				break
			}
		}
		p.mu.Unlock()
		if hit == nil {
			rp.ServeHTTP(w, r)
			return
		}
		if hit.after || hit.hang != nil {
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
		}
		if hit.hang != nil {
			close(hit.hang)
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":"injected_fault","message":"injected by the test proxy"}`))
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *faultProxy) failOnce(match func(r *http.Request) bool, after bool) {
	p.mu.Lock()
	p.rules = append(p.rules, &fault{match: match, after: after, times: 1})
	p.mu.Unlock()
}

// hangOnce makes the next matching request reach WordPress and then hang;
// the returned channel closes once WordPress has done the work.
func (p *faultProxy) hangOnce(match func(r *http.Request) bool) <-chan struct{} {
	ch := make(chan struct{})
	p.mu.Lock()
	p.rules = append(p.rules, &fault{match: match, times: 1, hang: ch})
	p.mu.Unlock()
	return ch
}

func routeIs(method, route string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		path := r.URL.Path
		if rr := r.URL.Query().Get("rest_route"); rr != "" {
			path = "/wp-json" + rr
		}
		return r.Method == method && strings.HasPrefix(path, "/wp-json"+route)
	}
}

func strconvItoa(i int) string { return strconv.Itoa(i) }

// newTask adds a task of site whose first keyword becomes the focus keyword.
func newTask(t testing.TB, app core.App, site *core.Record, keyword string) string {
	t.Helper()
	col, _ := app.FindCollectionByNameOrId(collections.Tasks)
	r := core.NewRecord(col)
	r.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "title": "Task " + keyword, "keywords": []string{keyword}, "status": "done"})
	if err := app.Save(r); err != nil {
		t.Fatalf("task: %v", err)
	}
	return r.Id
}
