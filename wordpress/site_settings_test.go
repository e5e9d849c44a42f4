package wordpress_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// settingsTransport answers a sync with the given settings and no posts.
type settingsTransport struct {
	wordpress.Transport
	settings map[string]any
}

func (s settingsTransport) Updates(context.Context, time.Time) ([]wordpress.Post, error) {
	return nil, nil
}

func (s settingsTransport) Settings(_ context.Context, _ map[string]any) (map[string]any, error) {
	return s.settings, nil
}

// TestSyncKeepsOnlyKnownSettings: a sync stores only the settings fields igny8
// understands, validated; the rest of the site's answer is dropped.
func TestSyncKeepsOnlyKnownSettings(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	cats := []any{
		map[string]any{"id": 3.0, "name": "Coffee <b>&</b> Tea", "slug": "coffee-tea"},
		map[string]any{"id": -1.0, "name": "negative id"},
		map[string]any{"id": 1.5, "name": "fractional id"},
		map[string]any{"id": 4.0, "name": "", "slug": "no-name"},
		map[string]any{"id": 5.0, "name": "Bad slug", "slug": "<script>", "extra": "SECRET-EXTRA"},
		"not an object",
	}
	for i := 0; i < 1500; i++ {
		cats = append(cats, map[string]any{"id": float64(100 + i), "name": "bulk"})
	}
	raw := map[string]any{
		"title":               "My <script>alert(1)</script> blog\nline two " + strings.Repeat("x", 500),
		"timezone":            "Europe/Berlin; DROP TABLE",
		"default_category":    3.0,
		"default_post_status": "<img src=x>",
		"categories":          cats,
		"authors":             []any{map[string]any{"id": 1.0, "name": "Ann", "email": "SECRET-EMAIL"}},
		"seo_plugin":          "SECRET-PLUGIN",
		"defaults":            map[string]any{"post_status": "SECRET-DEFAULTS"},
		"defaults_pushed":     true,
		"aws":                 map[string]any{"AccessKeyId": "SECRET-KEY", "body": strings.Repeat("y", 100000)},
	}
	if _, err := wordpress.SyncWith(context.Background(), app, settingsTransport{settings: raw}, site); err != nil {
		t.Fatal(err)
	}
	site, _ = app.FindRecordById(collections.Sites, site.Id)
	stored := site.GetString("wp_settings")
	if strings.Contains(stored, "SECRET") || strings.Contains(stored, "<") || strings.Contains(stored, "yyyy") {
		t.Fatalf("foreign data stored: %.300s", stored)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stored), &got); err != nil {
		t.Fatal(err)
	}
	for k := range got {
		switch k {
		case "title", "timezone", "default_category", "default_post_status", "categories", "authors", "defaults_pushed":
		default:
			t.Errorf("unknown key %q kept", k)
		}
	}
	type term struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Slug string `json:"slug"`
	}
	var s struct {
		Title, Timezone   string
		DefaultCategory   int    `json:"default_category"`
		DefaultPostStatus string `json:"default_post_status"`
		Categories        []term
		Authors           []term
	}
	_ = json.Unmarshal([]byte(stored), &s)
	if len([]rune(s.Title)) > 201 || !strings.HasPrefix(s.Title, "My alert(1) blog line two") || s.Timezone != "" || s.DefaultPostStatus != "draft" || s.DefaultCategory != 3 {
		t.Fatalf("settings %+v", s)
	}
	if len(s.Categories) != 1000 || s.Categories[0] != (term{ID: 3, Name: "Coffee & Tea", Slug: "coffee-tea"}) ||
		s.Categories[1] != (term{ID: 5, Name: "Bad slug"}) || len(s.Authors) != 1 || s.Authors[0] != (term{ID: 1, Name: "Ann"}) {
		t.Fatalf("categories %d %+v, authors %+v", len(s.Categories), s.Categories[:2], s.Authors)
	}
}
