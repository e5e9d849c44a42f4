package wordpress_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

var (
	pipeTargetRe  = regexp.MustCompile(`Target length: (\d+) words`)
	pipeSectionRe = regexp.MustCompile(`Write the section "([^"]+)"`)
	pipeCountRe   = regexp.MustCompile(`Count: (\d+)`)
)

// pipelineModel answers every prompt of the pipeline the way a well-behaved
// model would: clusters from the planner's groups, ideas, the writer's
// outline, sections, meta and image prompts, and images.
func pipelineModel(c aitest.Call) aitest.Reply {
	if strings.HasSuffix(c.Path, "/images/generations") || strings.Contains(c.Path, "runware") {
		return aitest.Reply{Image: aitest.PNG(1200, 800)}
	}
	if strings.HasSuffix(c.Path, "/embeddings") {
		return aitest.Reply{}
	}
	var user string
	var groups [][]string
	for _, m := range c.Messages {
		if m.Role == "user" && user == "" {
			user = m.Content
		}
		for _, line := range strings.Split(m.Content, "\n") {
			if i := strings.Index(line, ": "); strings.HasPrefix(line, "Group ") && i > 0 {
				groups = append(groups, strings.Split(line[i+2:], " | "))
			}
		}
	}
	props, _ := c.Schema["properties"].(map[string]any)
	switch {
	case props["clusters"] != nil:
		var clusters []map[string]any
		for i, g := range groups {
			clusters = append(clusters, map[string]any{"name": "Topic " + string(rune('A'+i)), "description": "About " + g[0], "intent": "informational", "keywords": g, "existing": ""})
		}
		return aitest.JSON(map[string]any{"clusters": clusters})
	case props["ideas"] != nil:
		return aitest.JSON(map[string]any{"ideas": []map[string]any{{"title": "Brewing Espresso at Home", "primary_keyword": "espresso machine",
			"keywords": []string{"espresso machine"}, "intent": "informational", "content_type": "post", "structure": "guide", "description": "d",
			"outline": []map[string]any{{"h2": "Why", "h3": []string{"x"}}}, "estimated_words": 600}}})
	case strings.Contains(user, "Write a detailed outline"):
		var secs []map[string]any
		for _, h := range []string{"Choosing a Machine", "Grinding Beans", "Pulling the Shot"} {
			secs = append(secs, map[string]any{"heading": h, "subheadings": []string{}, "points": []string{"a point"}, "words": 0})
		}
		return aitest.JSON(map[string]any{"title": "Brewing Espresso at Home", "sections": secs, "faq": []string{}})
	case strings.Contains(user, "Write the SEO metadata"):
		return aitest.JSON(writer.Meta{MetaTitle: "Espresso at Home: The Guide", MetaDescription: "How to brew espresso at home: machine, grind and shot, step by step. " + runTag, Slug: "espresso-at-home", Excerpt: "x"})
	case strings.Contains(user, "image prompts"):
		n := 1
		if m := pipeCountRe.FindStringSubmatch(user); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		var items []writer.ImagePrompt
		for i := 0; i < n; i++ {
			items = append(items, writer.ImagePrompt{Prompt: fmt.Sprintf("A photo %d of espresso", i), Alt: fmt.Sprintf("Espresso photo %d", i), Section: i + 1})
		}
		return aitest.JSON(writer.ImagePlan{Images: items})
	case pipeSectionRe.MatchString(user):
		h := pipeSectionRe.FindStringSubmatch(user)[1]
		n := 150
		if m := pipeTargetRe.FindStringSubmatch(user); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<h2>%s</h2>", h)
		for n > 0 {
			k := min(n, 40)
			b.WriteString("<p>" + strings.TrimSpace(strings.Repeat("espresso ", k)) + "</p>")
			n -= k
		}
		return aitest.Text(b.String())
	}
	return aitest.Text("ok")
}

// TestPipelineEndToEnd runs the whole product path against the real
// WordPress, over both transports: keyword CSV → clusters → ideas → task →
// article → featured + 2 in-article images → publish, through the real job
// engine and the real routes, with only the AI model faked.
func TestPipelineEndToEnd(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			srv := aitest.New(t)
			srv.Configure(app)
			srv.Handle(pipelineModel)
			var mu sync.Mutex
			run := func() {
				mu.Lock()
				defer mu.Unlock()
				e := jobs.NewEngine(app, jobs.Options{Workers: 1})
				for i := 0; i < 100; i++ {
					ran, err := e.RunOnce()
					if err != nil {
						t.Fatal(err)
					}
					if !ran {
						return
					}
				}
				t.Fatal("jobs keep running")
			}
			mux := testapp.Mux(t, app)
			editor := testapp.Token(t, app, testapp.A, "editor")
			call := func(method, url, body string, status int) map[string]any {
				t.Helper()
				req := httptest.NewRequest(method, url, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", editor)
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, req)
				if rec.Code != status {
					t.Fatalf("%s %s: %d, want %d: %s", method, url, rec.Code, status, rec.Body.String())
				}
				var out map[string]any
				_ = json.Unmarshal(rec.Body.Bytes(), &out)
				return out
			}

			// Workspace A's site points at the real WordPress.
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
			site.Load(map[string]any{"url": wp.URL, "wp_username": wp.User, "app_password": wp.AppPassword, "bridge_secret": wp.BridgeSecret, "transport": transport})
			if err := app.Save(site); err != nil {
				t.Fatal(err)
			}
			// ...and passes an admin's connection check, without which nothing is published to it.
			checkReq := httptest.NewRequest("POST", "/api/igny8/sites/"+site.Id+"/check", nil)
			checkReq.Header.Set("Authorization", testapp.Token(t, app, testapp.A, "admin"))
			checkRec := httptest.NewRecorder()
			mux.ServeHTTP(checkRec, checkReq)
			if checkRec.Code != 200 || !strings.Contains(checkRec.Body.String(), `"ok":true`) {
				t.Fatalf("connection check: %d %s", checkRec.Code, checkRec.Body.String())
			}

			// CSV → keywords → clusters
			csv := "Keyword,Volume\nespresso machine,900\nbest espresso machine,500\nespresso machine with grinder,200\nhow to descale espresso machine,300\n" +
				"sourdough starter,800\nsourdough bread recipe,700\nfeeding sourdough starter,100\nsourdough discard recipes,150\n"
			if res, err := planner.ImportFile(app, site, strings.NewReader(csv), keywordfile.ParseOptions{}); err != nil || res.Rejected != 0 {
				t.Fatalf("import: %v %+v", err, res)
			}
			if _, _, err := planner.EnqueueClustering(app, site, 1000, ""); err != nil {
				t.Fatal(err)
			}
			run()
			kw, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = 'espresso machine'", dbx.Params{"s": site.Id})
			if err != nil || kw.GetString("cluster") == "" {
				t.Fatalf("keyword not clustered: %v", err)
			}
			// cluster → idea → task
			cluster, _ := app.FindRecordById(collections.Clusters, kw.GetString("cluster"))
			if _, err := planner.EnqueueIdeas(app, cluster, 1, ""); err != nil {
				t.Fatal(err)
			}
			run()
			idea, err := app.FindFirstRecordByFilter(collections.Ideas, "cluster = {:c}", dbx.Params{"c": cluster.Id})
			if err != nil {
				t.Fatalf("no idea: %v", err)
			}
			call("POST", "/api/igny8/planner/ideas/"+idea.Id+"/queue", "", 200)
			task, err := app.FindFirstRecordByFilter(collections.Tasks, "idea = {:i}", dbx.Params{"i": idea.Id})
			if err != nil {
				t.Fatalf("no task: %v", err)
			}
			// task → article → images
			call("POST", "/api/igny8/writer/tasks/"+task.Id+"/generate", "", 202)
			run()
			content, err := app.FindFirstRecordByFilter(collections.Contents, "task = {:t}", dbx.Params{"t": task.Id})
			if err != nil || content.GetString("html") == "" {
				t.Fatalf("no article: %v", err)
			}
			call("POST", "/api/igny8/writer/contents/"+content.Id+"/images", `{"featured":true,"count":2}`, 202)
			run()
			images, _ := app.FindRecordsByFilter(collections.Images, "content = {:c} && status = 'ready'", "position", 0, 0, dbx.Params{"c": content.Id})
			if len(images) != 3 {
				t.Fatalf("want 3 ready images, got %d", len(images))
			}
			content = reload(t, app, content)
			content.Set("categories", []string{"Coffee"})
			content.Set("tags", []string{"espresso", "home barista"})
			content.Set("status", "approved") // an admin's approval; editors publish approved content
			if err := app.Save(content); err != nil {
				t.Fatal(err)
			}
			// publish
			call("POST", "/api/igny8/contents/"+content.Id+"/publish", "", 202)
			run()
			content = reload(t, app, content)
			if content.GetString("publish_status") != collections.PublishPublished {
				t.Fatalf("not published: %s %s", content.GetString("publish_status"), content.GetString("publish_error"))
			}
			code, _, page := fetch(t, content.GetString("wp_url"))
			if code != 200 || !strings.Contains(page, "Grinding Beans") {
				t.Fatalf("public page %s: %d", content.GetString("wp_url"), code)
			}
			var featured int
			for _, img := range reload2(t, app, images) {
				u := img.GetString("wp_url")
				if c, ctype, _ := fetch(t, u); c != 200 || !strings.HasPrefix(ctype, "image/") {
					t.Fatalf("image %s: %d %s", u, c, ctype)
				}
				if img.GetString("kind") == "featured" {
					featured = img.GetInt("wp_media_id")
				} else if !strings.Contains(page, u) {
					t.Fatalf("in-article image %s not on the page", u)
				}
			}
			var post struct {
				FeaturedMedia int `json:"featured_media"`
				Embedded      struct {
					Terms [][]struct {
						Name string `json:"name"`
					} `json:"wp:term"`
				} `json:"_embedded"`
			}
			wpGet(t, wp, "/wp/v2/posts/"+itoa(content.GetInt("wp_post_id")), map[string][]string{"context": {"edit"}, "_embed": {"1"}}, &post)
			var names []string
			for _, g := range post.Embedded.Terms {
				for _, x := range g {
					names = append(names, x.Name)
				}
			}
			if post.FeaturedMedia != featured || !strings.Contains(strings.Join(names, ","), "Coffee") || !strings.Contains(strings.Join(names, ","), "home barista") {
				t.Fatalf("featured %d (want %d), terms %v", post.FeaturedMedia, featured, names)
			}
			if transport == "bridge" && !strings.Contains(page, `<meta name="description" content="`+content.GetString("meta_description")+`"`) {
				t.Fatalf("SEO description %q missing from the page", content.GetString("meta_description"))
			}

		})
	}
}

func reload2(t testing.TB, app core.App, recs []*core.Record) []*core.Record {
	out := make([]*core.Record, len(recs))
	for i, r := range recs {
		out[i] = reload(t, app, r)
	}
	return out
}
