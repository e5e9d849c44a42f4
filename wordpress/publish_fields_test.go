package wordpress_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestPublisherFields: WordPress ids, URLs and publish state are written by the
// publisher only. Through the collections API editors, admins and owners cannot
// set them on contents or images (so they cannot point a publish at someone
// else's post or put a string of their own into an image's src); edits that
// leave them as stored pass, and superusers (operators) may repair them.
func TestPublisherFields(t *testing.T) {
	t.Parallel()
	contentA := testapp.RecordId(collections.Contents, testapp.A)
	imageA := testapp.RecordId(collections.Images, testapp.A)
	contentURL := "/api/collections/contents/records/" + contentA
	imageURL := "/api/collections/images/records/" + imageA
	unchanged := func(collection, id, field, want string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			r, err := app.FindRecordById(collection, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.GetString(field); got != want {
				t.Fatalf("%s.%s = %q, want %q", collection, field, got, want)
			}
		}
	}
	recorded := func(t testing.TB, app *tests.TestApp) {
		c, _ := app.FindRecordById(collections.Contents, contentA)
		c.Set("wp_post_id", 7)
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, who, role, method, url, body string
		status                             int
		content                            []string
		before                             func(testing.TB, *tests.TestApp)
		after                              func(testing.TB, *tests.TestApp, *http.Response)
	}{
		{"editor cannot set wp_post_id", testapp.A, "editor", http.MethodPatch, contentURL, `{"wp_post_id":1}`, 400,
			[]string{`"wp_post_id":{"code":"igny8_publisher_field"`}, nil, unchanged(collections.Contents, contentA, "wp_post_id", "0")},
		{"owner cannot set wp_post_id", testapp.A, "owner", http.MethodPatch, contentURL, `{"wp_post_id":1}`, 400,
			[]string{`igny8_publisher_field`}, nil, unchanged(collections.Contents, contentA, "wp_post_id", "0")},
		{"editor cannot clear a recorded post id", testapp.A, "editor", http.MethodPatch, contentURL, `{"wp_post_id":0}`, 400,
			[]string{`igny8_publisher_field`}, recorded, unchanged(collections.Contents, contentA, "wp_post_id", "7")},
		{"editor cannot mark published", testapp.A, "editor", http.MethodPatch, contentURL, `{"publish_status":"published","wp_url":"https://example.com/x"}`, 400,
			[]string{`"publish_status":{"code":"igny8_publisher_field"`, `"wp_url":{"code":"igny8_publisher_field"`}, nil,
			unchanged(collections.Contents, contentA, "publish_status", collections.PublishNone)},
		{"editor edits the title, sending the stored fields back", testapp.A, "editor", http.MethodPatch, contentURL,
			`{"title":"New title","wp_post_id":7,"publish_status":"not_published"}`, 200, []string{`"title":"New title"`}, recorded,
			unchanged(collections.Contents, contentA, "title", "New title")},
		{"editor cannot create a content with a post id", testapp.A, "editor", http.MethodPost, "/api/collections/contents/records",
			`{"tenant":"` + testapp.TenantId(testapp.A) + `","site":"` + testapp.SiteId(testapp.A) + `","title":"T","wp_post_id":3}`, 400,
			[]string{`igny8_publisher_field`}, nil, nil},
		{"editor cannot set an image's wp_url", testapp.A, "editor", http.MethodPatch, imageURL, `{"wp_url":"x\" onerror=\"alert(1)"}`, 400,
			[]string{`"wp_url":{"code":"igny8_publisher_field"`}, nil, unchanged(collections.Images, imageA, "wp_url", "")},
		{"admin cannot set an image's wp_media_id", testapp.A, "admin", http.MethodPatch, imageURL, `{"wp_media_id":12}`, 400,
			[]string{`"wp_media_id":{"code":"igny8_publisher_field"`}, nil, unchanged(collections.Images, imageA, "wp_media_id", "0")},
		{"editor edits an image's alt", testapp.A, "editor", http.MethodPatch, imageURL, `{"alt":"A cup"}`, 200,
			[]string{`"alt":"A cup"`}, nil, unchanged(collections.Images, imageA, "alt", "A cup")},
		{"B admin cannot reach A's content", testapp.B, "admin", http.MethodPatch, contentURL, `{"wp_post_id":1}`, 404,
			nil, nil, unchanged(collections.Contents, contentA, "wp_post_id", "0")},
		{"superuser repairs wp_post_id", testapp.Superuser, "", http.MethodPatch, contentURL, `{"wp_post_id":5}`, 200,
			[]string{`"wp_post_id":5`}, nil, unchanged(collections.Contents, contentA, "wp_post_id", "5")},
	}
	for _, c := range cases {
		s := tests.ApiScenario{
			Name: c.name, Method: c.method, URL: c.url, Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory, AfterTestFunc: c.after,
		}
		if c.status == 404 {
			s.ExpectedContent = []string{`"data":{}`}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			if c.before != nil {
				c.before(t, app)
			}
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		s.Test(t)
	}
}
