package wordpress_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// TestSiteIndexSitemap: when the REST API refuses to list posts (a security
// plugin, a host), the index reads the sitemap and each page's HTML, at most
// SitemapFetchMax pages per run, and says why.
func TestSiteIndexSitemap(t *testing.T) {
	wp, n := testWPX(t)
	target, _ := url.Parse(wp.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	var proxy *httptest.Server
	rp.ModifyResponse = func(r *http.Response) error {
		// links point at the proxy, as they would on the one public host
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		body = bytes.ReplaceAll(body, []byte(wp.URL), []byte(proxy.URL))
		body = bytes.ReplaceAll(body, []byte(strings.ReplaceAll(wp.URL, "/", `\/`)), []byte(strings.ReplaceAll(proxy.URL, "/", `\/`)))
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Del("Content-Length")
		return nil
	}
	proxy = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/wp-json") || r.URL.Query().Get("rest_route") != "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"code":"rest_login_required","message":"REST API restricted to authenticated users.","data":{"status":401}}`))
			return
		}
		r.Host = target.Host
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)

	app := testapp.New(t)
	site := newSite(t, app, proxy.URL, wp.User, wp.AppPassword, "rest", "")
	res, err := wordpress.IndexSite(context.Background(), app, site)
	if err != nil {
		t.Fatal(err)
	}
	if res.Source != collections.PageSourceSitemap || res.Listed != n+5 || res.Read != wordpress.SitemapFetchMax || !res.More ||
		!strings.Contains(res.RESTRefused, "rest_login_required") {
		t.Fatalf("sitemap run: %+v, want %d listed, %d read, more", res, n+5, wordpress.SitemapFetchMax)
	}
	pages := indexPages(t, app, site)
	if len(pages) != wordpress.SitemapFetchMax {
		t.Fatalf("%d records, want %d", len(pages), wordpress.SitemapFetchMax)
	}
	found := 0
	for slug, p := range pages {
		if !strings.HasPrefix(slug, "gen-") || p.GetString("source") != "sitemap" || p.GetString("title") == "" || !strings.HasPrefix(p.GetString("url"), proxy.URL+"/gen-") {
			t.Fatalf("sitemap record %q: %v", slug, p.PublicExport())
		}
		var heads []string
		_ = p.UnmarshalJSONField("headings", &heads)
		if p.GetString("kind") == "post" && strings.HasPrefix(p.GetString("title"), "How to choose ") {
			subject := strings.TrimPrefix(p.GetString("title"), "How to choose ")
			if len(heads) < 3 || heads[0] != "Why "+subject+" matters" || p.GetInt("word_count") < 40 {
				t.Fatalf("sitemap page %q: headings %v, %d words", slug, heads, p.GetInt("word_count"))
			}
			found++
		}
	}
	if found == 0 {
		t.Fatal("no 'How to choose' post among the pages read")
	}
	second, err := wordpress.IndexSite(context.Background(), app, site)
	if err != nil {
		t.Fatal(err)
	}
	if second.Added != wordpress.SitemapFetchMax || second.Removed != 0 {
		t.Fatalf("second sitemap run: %+v, want the next %d pages added", second, wordpress.SitemapFetchMax)
	}
}
