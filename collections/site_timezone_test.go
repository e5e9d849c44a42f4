package collections_test

import (
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

func TestSiteTimezone(t *testing.T) {
	c := core.NewBaseCollection(collections.Sites)
	c.Fields.Add(&core.TextField{Name: "timezone"}, &core.JSONField{Name: "wp_settings"})
	cases := []struct {
		name, tz string
		wp       any
		want     string
	}{
		{"own zone wins", "Europe/Berlin", map[string]any{"timezone": "America/New_York"}, "Europe/Berlin"},
		{"WordPress's zone when none is set", "", map[string]any{"timezone": "America/New_York"}, "America/New_York"},
		{"WordPress's zone from stored JSON text", "", `{"timezone":"Asia/Tokyo"}`, "Asia/Tokyo"},
		{"an unknown own zone falls through", "Mars/Olympus", map[string]any{"timezone": "Asia/Tokyo"}, "Asia/Tokyo"},
		{"Local is never a site's zone", "Local", nil, "UTC"},
		{"WordPress's offset mode (empty zone) is UTC", "", map[string]any{"timezone": ""}, "UTC"},
		{"nothing: UTC", "", nil, "UTC"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := core.NewRecord(c)
			r.Set("timezone", tc.tz)
			r.Set("wp_settings", tc.wp)
			if got := collections.SiteTimezone(r); got != tc.want {
				t.Fatalf("SiteTimezone = %q, want %q", got, tc.want)
			}
			if got := collections.SiteLocation(r).String(); got != tc.want {
				t.Fatalf("SiteLocation = %q, want %q", got, tc.want)
			}
		})
	}
	if collections.SiteTimezone(nil) != "UTC" {
		t.Fatal("nil site")
	}
}
