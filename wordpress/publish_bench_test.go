package wordpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// BenchmarkPublish20 publishes 20 articles with 3 images each (a featured and
// two in-article) per iteration: through igny8's publish (both transports) and
// as the minimal core REST calls a script would make for the same posts
// (3 media uploads + 1 post create with featured image, terms and status).
// Requests are counted by a pass-through proxy. Run with:
//
//	go test -run '^$' -bench BenchmarkPublish20 -benchtime 3x ./wordpress/
func BenchmarkPublish20(b *testing.B) {
	const articles = 20
	for _, transport := range []string{"rest", "bridge"} {
		b.Run("igny8-"+transport, func(b *testing.B) {
			app := testapp.New(b)
			real := sitesFor(b, app)[transport]
			proxy := newFaultProxy(b, real.GetString("url"))
			site := real
			pointSiteAt(b, app, site, proxy.URL)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ids := make([]string, articles)
				for a := range ids {
					ids[a] = newContent(b, app, site, fmt.Sprintf("Bench %s %d %d %s", transport, i, a, time.Now().Format("150405.000")), 2).Id
				}
				proxy.hits.Store(0)
				b.StartTimer()
				for _, id := range ids {
					if _, err := wordpress.Publish(context.Background(), app, id); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(proxy.hits.Load())/articles, "requests/article")
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*articles), "ms/article")
		})
	}
	b.Run("minimal-rest", func(b *testing.B) {
		wp := testWP(b, 1)
		proxy := newFaultProxy(b, wp.URL)
		cat, tags := ensureTerms(b, wp)
		imgs := [][]byte{pngBytes(0), pngBytes(1), pngBytes(2)}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			proxy.hits.Store(0)
			for a := 0; a < articles; a++ {
				var media []map[string]any
				for k, data := range imgs {
					var m map[string]any
					rawPost(b, wp, proxy.URL+"/wp-json/wp/v2/media?alt_text=alt&description="+runTag, "image/png", fmt.Sprintf(`attachment; filename="min-%d-%d-%d.png"`, i, a, k), data, &m)
					media = append(media, m)
				}
				html := fmt.Sprintf(`<p>Intro.</p><h2>One</h2><figure><img src="%s" alt="a"/></figure><h2>Two</h2><figure><img src="%s" alt="b"/></figure>`, media[1]["source_url"], media[2]["source_url"])
				body, _ := json.Marshal(map[string]any{"title": fmt.Sprintf("Minimal %d %d", i, a), "content": html, "status": "publish",
					"featured_media": media[0]["id"], "categories": []int{cat}, "tags": tags, "excerpt": "Meta description " + runTag})
				rawPost(b, wp, proxy.URL+"/wp-json/wp/v2/posts", "application/json", "", body, nil)
			}
			b.StopTimer()
			b.ReportMetric(float64(proxy.hits.Load())/articles, "requests/article")
			b.StartTimer()
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*articles), "ms/article")
	})
}

func rawPost(b testing.TB, wp wpSite, u, ctype, disposition string, body []byte, out any) {
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	if disposition != "" {
		req.Header.Set("Content-Disposition", disposition)
	}
	req.SetBasicAuth(wp.User, wp.AppPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 201 {
		b.Fatalf("POST %s: %d", u, resp.StatusCode)
	}
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
}

// ensureTerms resolves the benchmark's category and tags once (a script would too).
func ensureTerms(b testing.TB, wp wpSite) (int, []int) {
	find := func(tax, name string) int {
		var list []struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		}
		wpGet(b, wp, "/wp/v2/"+tax, url.Values{"search": {name}}, &list)
		for _, x := range list {
			if x.Name == name {
				return x.ID
			}
		}
		var created struct {
			ID int `json:"id"`
		}
		body, _ := json.Marshal(map[string]string{"name": name})
		rawPost(b, wp, wp.URL+"/wp-json/wp/v2/"+tax, "application/json", "", body, &created)
		return created.ID
	}
	return find("categories", "igny8 Testing"), []int{find("tags", "alpha"), find("tags", "beta")}
}
