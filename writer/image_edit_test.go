package writer_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// placedImage makes A's fixture image an in-article image after the first of
// two sections, its figure in the article, as the images job leaves it.
func placedImage(t testing.TB, app core.App) {
	t.Helper()
	img, err := app.FindRecordById(collections.Images, testapp.RecordId(collections.Images, testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	img.Set("kind", collections.ImageInArticle)
	img.Set("position", 1)
	img.Set("slot", 1)
	img.Set("alt", "Old alt")
	if err := app.Save(img); err != nil {
		t.Fatal(err)
	}
	p, err := writer.Reparse("<h2>One</h2><p>first part</p><h2>Two</h2><p>second part</p>")
	if err != nil {
		t.Fatal(err)
	}
	html, err := writer.PlaceImages(p.HTML, []writer.Figure{{ImageId: img.Id, Src: writer.FileSrc(img.Id, img.GetString("file")), Alt: "Old alt", Slot: 1}})
	if err != nil {
		t.Fatal(err)
	}
	c := contentOf(t, app)
	p, _ = writer.Reparse(html)
	c.Set("html", p.HTML)
	c.Set("image_slots", p.Slots)
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
}

// figureAfter tells which H2 (by its text) the image's figure follows, "" when absent.
func figureAfter(html, imageId string) string {
	i := strings.Index(html, `data-igny8-image="`+imageId+`"`)
	if i < 0 {
		return ""
	}
	before := html[:i]
	h := strings.LastIndex(before, "<h2")
	if h < 0 {
		return "top"
	}
	end := strings.Index(before[h:], "</h2>")
	open := strings.Index(before[h:], ">")
	return before[h+open+1 : h+end]
}

func TestImageEditRoutes(t *testing.T) {
	t.Parallel()
	img := testapp.RecordId(collections.Images, testapp.A)
	task := testapp.RecordId(collections.Tasks, testapp.A)
	url := "/api/igny8/writer/images/" + img
	cases := []struct {
		name, who, method, url, body string
		placed                       bool
		status                       int
		content                      []string
		after                        func(testing.TB, *tests.TestApp, *http.Response)
	}{
		{"editor edits the alt text: image and figure follow, a new version", "a:editor", "PATCH", url, `{"alt":" A cup of coffee "}`, true, 200, []string{`"alt":"A cup of coffee"`},
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				c := contentOf(t, app)
				if !strings.Contains(c.GetString("html"), `alt="A cup of coffee"`) || strings.Contains(c.GetString("html"), "Old alt") {
					t.Fatalf("figure alt not updated: %s", c.GetString("html"))
				}
				v, err := app.FindFirstRecordByFilter(collections.ContentVersions, "content = {:c} && version = {:v}", dbx.Params{"c": c.Id, "v": c.GetInt("version")})
				if err != nil || v.GetString("source") != collections.VersionImages || v.GetString("author") != testapp.UserId(testapp.A, "editor") {
					t.Fatalf("no images version by the editor: %v", err)
				}
			}},
		{"editor moves the image to section 2", "a:editor", "PATCH", url, `{"slot":2}`, true, 200, []string{`"slot":2`},
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if got := figureAfter(contentOf(t, app).GetString("html"), img); got != "Two" {
					t.Fatalf("figure follows %q, want Two: %s", got, contentOf(t, app).GetString("html"))
				}
			}},
		{"no such section", "a:editor", "PATCH", url, `{"slot":3}`, true, 400, []string{`igny8_no_such_slot`}, nil},
		{"the featured image does not move", "a:editor", "PATCH", url, `{"slot":1}`, false, 400, []string{`igny8_featured_slot`}, nil},
		{"alt too long", "a:editor", "PATCH", url, `{"alt":"` + strings.Repeat("é", collections.ImageAltMax+1) + `"}`, true, 400, []string{`"alt":{"code":"validation_length_too_long"`}, nil},
		{"empty edit", "a:editor", "PATCH", url, `{}`, true, 400, []string{`Send alt, slot or both`}, nil},
		{"viewer cannot edit an image", "a:viewer", "PATCH", url, `{"alt":"x"}`, true, 403, []string{`"data":`}, nil},
		{"editor removes an image: figure gone, record deleted", "a:editor", "DELETE", url, ``, true, 200, []string{`"removed":true`},
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if _, err := app.FindRecordById(collections.Images, img); err == nil {
					t.Fatal("image record kept")
				}
				if h := contentOf(t, app).GetString("html"); strings.Contains(h, "data-igny8-image") || !strings.Contains(h, "second part") {
					t.Fatalf("figure kept or text lost: %s", h)
				}
			}},
		{"viewer cannot remove an image", "a:viewer", "DELETE", url, ``, true, 403, []string{`"data":`}, nil},
		{"editor regenerates one image (1 credit)", "a:editor", "POST", url + "/regenerate", `{"prompt":"A latte on a table"}`, true, 202, []string{`"created":true`, `"credits":1`},
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				r, _ := app.FindRecordById(collections.Images, img)
				if r.GetString("status") != writer.ImagePending || r.GetString("prompt") != "A latte on a table" {
					t.Fatalf("image %s %q", r.GetString("status"), r.GetString("prompt"))
				}
				if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": writer.JobImages, "target": img}); n != 1 {
					t.Fatalf("%d image jobs", n)
				}
			}},
		{"viewer cannot regenerate", "a:viewer", "POST", url + "/regenerate", ``, true, 403, []string{`"data":`}, nil},
		{"editor generates several tasks in one call", "a:editor", "POST", "/api/igny8/writer/tasks/generate", `{"ids":["` + task + `","` + task + `"]}`, false, 202, []string{`"created":true`, `"credits":3`, `"task":"` + task + `"`},
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": writer.JobContent, "target": task}); n != 1 {
					t.Fatalf("%d content jobs", n)
				}
			}},
		{"bulk generate needs ids", "a:editor", "POST", "/api/igny8/writer/tasks/generate", `{"ids":[]}`, false, 400, []string{`"ids":{"code":"validation_length_out_of_range"`}, nil},
		{"one foreign id queues none", "a:editor", "POST", "/api/igny8/writer/tasks/generate", `{"ids":["` + task + `","` + testapp.RecordId(collections.Tasks, testapp.B) + `"]}`, false, 404, []string{`"data":`},
			func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": writer.JobContent}); n != 0 {
					t.Fatalf("%d content jobs", n)
				}
			}},
		{"viewer cannot bulk generate", "a:viewer", "POST", "/api/igny8/writer/tasks/generate", `{"ids":["` + task + `"]}`, false, 403, []string{`"data":`}, nil},
	}
	for _, c := range cases {
		sc := tests.ApiScenario{Name: c.name, Method: c.method, URL: c.url, Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory, AfterTestFunc: c.after}
		sc.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			sc.Headers = map[string]string{"Authorization": token(t, app, c.who), "Content-Type": "application/json"}
			if c.placed {
				placedImage(t, app)
			}
		}
		sc.Test(t)
	}
}
