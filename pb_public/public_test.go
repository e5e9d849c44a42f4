package public_test

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	public "github.com/igny8/igny8/pb_public"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// htmlSinks are the browser APIs that parse a string as markup or code. The web
// app's own code (ui/src) never uses them: React renders user data (a workspace
// named `<img src=x onerror=…>`) as text, and the e2e suite checks it does in a
// real browser. React's own bundle necessarily contains innerHTML (for
// dangerouslySetInnerHTML, which our code must not call), so the check runs on
// the sources.
var htmlSinks = regexp.MustCompile(`dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\s*\(|new Function|srcdoc`)

// articleReaders are the files that may read the Writer's article HTML, the
// sinks each may use, and why it is safe there: the HTML is what the server
// sanitised, a DOMParser document is inert (no script runs, nothing loads),
// and nothing parsed is put into the app's page. Every other sink stays
// refused in them.
var articleReaders = map[string][]string{
	// rewrites image addresses of the article for the preview and serialises
	// it for an iframe with sandbox="" (no scripts, no same origin)
	"features/writer/Preview.tsx": {"new DOMParser()", "article.outerHTML"},
	// counts words and lists text blocks; only text leaves the document
	"features/writer/text.ts": {"new DOMParser()"},
	// finds a link's anchor in its sentence; only text (textContent) leaves
	// the document
	"features/linker/text.ts": {"new DOMParser()"},
}

// inlineCode finds script bodies and inline event handlers in the page, which a
// strict CSP (script-src without unsafe-inline) refuses and which would be the
// other way for data to run as code.
var inlineCode = regexp.MustCompile(`(?is)<script[^>]*>\s*[^<\s]|\son[a-z]+\s*=|javascript:|<style`)

// assetRefs finds what the page loads: scripts, styles, icons.
var assetRefs = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

func get(t *testing.T, path string) string {
	t.Helper()
	var body string
	s := tests.ApiScenario{
		Name: "GET " + path, Method: http.MethodGet, URL: path, ExpectedStatus: 200, ExpectedContent: []string{""},
		TestAppFactory: func(t testing.TB) *tests.TestApp {
			app := testapp.Factory(t)
			public.Register(app)
			return app
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			b, _ := io.ReadAll(res.Body)
			body = string(b)
		},
	}
	s.Test(t)
	return body
}

func TestWebAppServesTheBuild(t *testing.T) {
	page := get(t, "/")
	if m := inlineCode.FindString(page); m != "" {
		t.Fatalf("the page carries inline code %q; scripts belong in files", m)
	}
	// The theme is set before the first paint by an external, blocking script.
	if !strings.Contains(page, `<script src="/theme.js"></script>`) {
		t.Fatal("the page does not load /theme.js first")
	}
	refs := assetRefs.FindAllStringSubmatch(page, -1)
	var module bool
	for _, m := range refs {
		ref := m[1]
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Fatalf("the page loads %q from elsewhere; everything comes from the app's own origin", ref)
		}
		if strings.HasPrefix(ref, "/assets/") && strings.HasSuffix(ref, ".js") {
			module = true
		}
		if body := get(t, ref); body == "" {
			t.Fatalf("%s is empty", ref)
		}
	}
	if !module {
		t.Fatal("the page loads no script from /assets/")
	}
	// Client-side routes get the app (SPA fallback).
	if got := get(t, "/t/some-workspace/planner/keywords"); got != page {
		t.Fatal("a client-side route does not answer with the app's index.html")
	}
	// The theme script reads the stored choice and the system setting only.
	if theme := get(t, "/theme.js"); !strings.Contains(theme, "igny8.theme") || htmlSinks.MatchString(theme) {
		t.Fatalf("theme.js is not the theme script: %.200s", theme)
	}
}

func TestCacheControl(t *testing.T) {
	for path, want := range map[string]string{
		"/":                     "no-cache",
		"/t/x/dashboard":        "no-cache",
		"/theme.js":             "no-cache",
		"/assets/index-abc.js":  "public, max-age=31536000, immutable",
		"/assets/index-abc.css": "public, max-age=31536000, immutable",
	} {
		if got := public.CacheControlOf(path); got != want {
			t.Errorf("%s: Cache-Control %q, want %q", path, got, want)
		}
	}
}

// TestUISourcesRenderDataAsText: no file of the web app's sources uses an API
// that parses strings as HTML or code.
func TestUISourcesRenderDataAsText(t *testing.T) {
	root := filepath.Join("..", "ui", "src")
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".tsx")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		rel, _ := filepath.Rel(root, path)
		for _, allowed := range articleReaders[filepath.ToSlash(rel)] {
			b = bytes.ReplaceAll(b, []byte(allowed), nil)
		}
		if m := htmlSinks.Find(b); m != nil {
			t.Errorf("%s uses %q, which parses strings as HTML or code; render text through React", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d source files under %s", n, root)
	}
}
