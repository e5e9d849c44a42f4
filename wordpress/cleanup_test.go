package wordpress_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

// runTag marks what this test run creates on the test WordPress sites: it is
// in the body and excerpt of every post (newContent, the pipeline's model, the
// posts tests write themselves), in the description of media uploaded without
// a post and in the names of the terms tests make up. TestMain removes exactly
// what carries it — posts with their attachments, media, terms — so two runs
// (or two clones) sharing the sites never delete each other's posts.
var runTag = newRunTag()

func newRunTag() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "igny8run" + hex.EncodeToString(b)
}

// cleanupWordPress is TestMain's last step: this run's posts, media and terms
// go from both test sites.
func cleanupWordPress() {
	for _, n := range []string{"1", "2", "X"} { // X: the site index's WordPress (site_index_test.go)
		s := wpSite{URL: os.Getenv(fmt.Sprintf("IGNY8_TEST_WP%s_URL", n)), User: os.Getenv(fmt.Sprintf("IGNY8_TEST_WP%s_USER", n)),
			AppPassword: os.Getenv(fmt.Sprintf("IGNY8_TEST_WP%s_APP_PASSWORD", n))}
		if s.URL == "" {
			continue
		}
		posts, media, terms, err := cleanupRun(s, runTag)
		if err != nil {
			fmt.Fprintf(os.Stderr, "cleanup of test run %s on %s: %v\n", runTag, s.URL, err)
			continue
		}
		if os.Getenv("IGNY8_TEST_VERBOSE_CLEANUP") != "" {
			fmt.Fprintf(os.Stderr, "test run %s on %s: removed %d posts, %d media, %d terms\n", runTag, s.URL, posts, media, terms)
		}
	}
}

// cleanupRun deletes (for good, not to the trash) the posts of site s whose
// title, body or excerpt holds tag, their attachments, the media whose
// description holds it and the categories and tags named with it.
func cleanupRun(s wpSite, tag string) (posts, media, terms int, err error) {
	type item struct {
		ID                      int
		Title, Content, Excerpt struct{ Raw string }
		Description             struct{ Raw string }
		Name                    string
	}
	list := func(route string, q url.Values) ([]item, error) {
		var out []item
		_, err := wpDo(s, http.MethodGet, route, q, &out)
		return out, err
	}
	del := func(route string, id int) error {
		code, err := wpDo(s, http.MethodDelete, route+"/"+strconv.Itoa(id), url.Values{"force": {"true"}}, nil)
		if err == nil && code != 200 && code != 404 && code != 410 {
			err = fmt.Errorf("DELETE %s/%d: %d", route, id, code)
		}
		return err
	}
	has := func(it item) bool {
		return strings.Contains(it.Title.Raw, tag) || strings.Contains(it.Content.Raw, tag) || strings.Contains(it.Excerpt.Raw, tag) ||
			strings.Contains(it.Description.Raw, tag) || strings.Contains(it.Name, tag)
	}
	for round := 0; round < 50; round++ { // 100 per round; deleting moves the pages up
		found, err := list("/wp/v2/posts", url.Values{"search": {tag}, "status": {"publish,future,draft,pending,private,trash"},
			"context": {"edit"}, "per_page": {"100"}, "_fields": {"id,title,content,excerpt"}})
		if err != nil {
			return posts, media, terms, err
		}
		n := 0
		for _, p := range found {
			if !has(p) {
				continue
			}
			n++
			attached, err := list("/wp/v2/media", url.Values{"parent": {strconv.Itoa(p.ID)}, "per_page": {"100"}, "context": {"edit"}, "_fields": {"id"}})
			if err != nil {
				return posts, media, terms, err
			}
			for _, m := range attached {
				if err := del("/wp/v2/media", m.ID); err != nil {
					return posts, media, terms, err
				}
				media++
			}
			if err := del("/wp/v2/posts", p.ID); err != nil {
				return posts, media, terms, err
			}
			posts++
		}
		if n == 0 {
			break
		}
	}
	loose, err := list("/wp/v2/media", url.Values{"search": {tag}, "per_page": {"100"}, "context": {"edit"}, "_fields": {"id,title,description"}})
	if err != nil {
		return posts, media, terms, err
	}
	for _, m := range loose {
		if has(m) {
			if err := del("/wp/v2/media", m.ID); err != nil {
				return posts, media, terms, err
			}
			media++
		}
	}
	for _, tax := range []string{"categories", "tags"} {
		found, err := list("/wp/v2/"+tax, url.Values{"search": {tag}, "per_page": {"100"}, "hide_empty": {"false"}, "_fields": {"id,name"}})
		if err != nil {
			return posts, media, terms, err
		}
		for _, tm := range found {
			if has(tm) {
				if err := del("/wp/v2/"+tax, tm.ID); err != nil {
					return posts, media, terms, err
				}
				terms++
			}
		}
	}
	return posts, media, terms, nil
}

// wpDo is an administrator's core REST request without a testing.TB (TestMain has none).
func wpDo(s wpSite, method, route string, q url.Values, out any) (int, error) {
	u := s.URL + "/wp-json" + route
	if q != nil {
		u += "?" + q.Encode()
	}
	req, _ := http.NewRequest(method, u, nil)
	req.SetBasicAuth(s.User, s.AppPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(body, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %w", method, route, err)
		}
	}
	return resp.StatusCode, nil
}

// TestRunCleanup: the clean-up removes the posts (with their attachments) and
// terms that carry its run's tag and leaves another run's alone.
func TestRunCleanup(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 1)
	mine, other := runTag+"cleanup", newRunTag()
	create := func(tag string) (post, media, term int) {
		var p, m, tm struct{ ID int }
		if code := wpSend(t, wp, wp.User, wp.AppPassword, http.MethodPost, "/wp/v2/posts",
			map[string]any{"title": "Cleanup", "status": "publish", "content": "<p>" + tag + "</p>"}, &p); code != 201 {
			t.Fatalf("post: %d", code)
		}
		rawPost(t, wp, wp.URL+"/wp-json/wp/v2/media?post="+itoa(p.ID), "image/png", `attachment; filename="cleanup.png"`, pngBytes(1), &m)
		if code := wpSend(t, wp, wp.User, wp.AppPassword, http.MethodPost, "/wp/v2/categories", map[string]any{"name": "Cleanup " + tag}, &tm); code != 201 {
			t.Fatalf("category: %d", code)
		}
		return p.ID, m.ID, tm.ID
	}
	exists := func(route string, id int) bool {
		return wpGet(t, wp, route+"/"+itoa(id), url.Values{"context": {"edit"}}, nil) == 200
	}
	p1, m1, c1 := create(mine)
	p2, m2, c2 := create(other)
	posts, media, terms, err := cleanupRun(wp, mine)
	if err != nil || posts != 1 || media != 1 || terms != 1 {
		t.Fatalf("cleanup of %s: %d posts, %d media, %d terms, %v", mine, posts, media, terms, err)
	}
	if exists("/wp/v2/posts", p1) || exists("/wp/v2/media", m1) || exists("/wp/v2/categories", c1) {
		t.Fatal("the run's post, attachment or term is still there")
	}
	if !exists("/wp/v2/posts", p2) || !exists("/wp/v2/media", m2) || !exists("/wp/v2/categories", c2) {
		t.Fatal("the cleanup removed another run's post, attachment or term")
	}
	if _, _, _, err := cleanupRun(wp, other); err != nil || exists("/wp/v2/posts", p2) {
		t.Fatalf("cleanup of the other run: %v", err)
	}
}
