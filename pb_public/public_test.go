package public_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	public "github.com/igny8/igny8/pb_public"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// htmlSinks are the browser APIs that parse a string as markup or code. The web
// app builds its DOM with createElement/textContent only, so user data (a
// workspace named `<img src=x onerror=…>`) can never become an element.
var htmlSinks = regexp.MustCompile(`\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\s*\(|new Function|srcdoc`)

// inlineCode finds script bodies and inline event handlers in the page, which a
// strict CSP (script-src without unsafe-inline) refuses and which would be the
// other way for data to run as code.
var inlineCode = regexp.MustCompile(`(?is)<script[^>]*>\s*[^<\s]|\son[a-z]+\s*=|javascript:`)

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

func TestWebAppRendersDataAsText(t *testing.T) {
	page := get(t, "/")
	if m := htmlSinks.FindString(page); m != "" {
		t.Fatalf("the page uses %q, which parses strings as HTML", m)
	}
	if m := inlineCode.FindString(page); m != "" {
		t.Fatalf("the page carries inline code %q; scripts belong in /app.js", m)
	}
	if !strings.Contains(page, `<script src="/app.js"`) {
		t.Fatal("the page does not load /app.js")
	}
	script := get(t, "/app.js")
	if m := htmlSinks.FindString(script); m != "" {
		t.Fatalf("app.js uses %q, which parses strings as HTML; build nodes with el()/textContent", m)
	}
	if !strings.Contains(script, "createTextNode") || !strings.Contains(script, "textContent") {
		t.Fatal("app.js no longer renders through text nodes")
	}
}
