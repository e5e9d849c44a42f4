package wordpress_test

import (
	"context"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
)

// TestSettingsSyncBothWays: the mapped settings (SettingsFieldMap) go both
// ways through the plugin, the later change winning per field, and every
// change is recorded in the audit log with the side that won.
func TestSettingsSyncBothWays(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	app := testapp.New(t)
	site := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "bridge", wp.BridgeSecret)
	t.Cleanup(func() { wpEval(t, wp, 2, `delete_option(igny8_settings_option('`+site.Id+`'));`) })
	wpSet := func(key, value string) {
		if out := wpEval(t, wp, 2, `echo igny8_settings_set('`+site.Id+`', '`+key+`', `+value+`) ? 'ok' : 'refused';`); out != "ok" {
			t.Fatalf("set %s in WordPress: %s", key, out)
		}
	}
	wpValue := func(key string) string {
		return wpEval(t, wp, 2, `$s = igny8_settings_get('`+site.Id+`'); echo isset($s['`+key+`']) ? json_encode($s['`+key+`']['value']) : 'none';`)
	}
	igny8Set := func(key string, v any) {
		site = reload(t, app, site)
		var d map[string]any
		_ = site.UnmarshalJSONField("defaults", &d)
		if d == nil {
			d = map[string]any{}
		}
		d[key] = v
		site.Set("defaults", d)
		if err := app.Save(site); err != nil {
			t.Fatal(err)
		}
	}
	sync := func() *wordpress.SyncResult {
		res, err := wordpress.Sync(context.Background(), app, reload(t, app, site))
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		return res
	}
	defaults := func() map[string]any {
		var d map[string]any
		_ = reload(t, app, site).UnmarshalJSONField("defaults", &d)
		return d
	}
	audits := func(action, key string) int {
		recs, err := app.FindRecordsByFilter(collections.AuditLog, "target = {:s} && action = {:a} && changes ~ {:k}", "", 0, 0,
			dbx.Params{"s": site.Id, "a": action, "k": `"key":"` + key + `"`})
		if err != nil {
			t.Fatal(err)
		}
		return len(recs)
	}

	// igny8 → WordPress
	igny8Set("post_status", "publish")
	igny8Set("images_per_article", 2)
	igny8Set("categories", []any{"News", "Tips"})
	if res := sync(); len(res.SettingsChanged) != 0 {
		t.Fatalf("first sync changed %+v", res.SettingsChanged)
	}
	if wpValue("post_status") != `"publish"` || wpValue("images_per_article") != "2" || wpValue("categories") != `["News","Tips"]` {
		t.Fatalf("WordPress has %s %s", wpValue("post_status"), wpValue("images_per_article"))
	}
	// WordPress → igny8
	wpSet("images_per_article", "5")
	res := sync()
	if d := defaults(); d["images_per_article"] != float64(5) || len(res.SettingsChanged) != 1 || res.SettingsChanged[0].Winner != wordpress.SideWordPress {
		t.Fatalf("after a WordPress change: %v %+v", d, res.SettingsChanged)
	}
	if audits("site.setting_pulled", "images_per_article") != 1 {
		t.Fatal("the pulled setting is not in the audit log")
	}
	// both change post_status: WordPress last wins
	igny8Set("post_status", "draft")
	wpSet("post_status", "'pending'")
	sync()
	if d := defaults(); d["post_status"] != "pending" || wpValue("post_status") != `"pending"` {
		t.Fatalf("WordPress changed last: igny8 %v, WordPress %s", d["post_status"], wpValue("post_status"))
	}
	// both change it again: igny8 last wins, and WordPress gets it
	wpSet("post_status", "'publish'")
	igny8Set("post_status", "draft")
	sync()
	if d := defaults(); d["post_status"] != "draft" || wpValue("post_status") != `"draft"` {
		t.Fatalf("igny8 changed last: igny8 %v, WordPress %s", d["post_status"], wpValue("post_status"))
	}
	if audits("site.setting_pushed", "post_status") != 1 || audits("site.setting_pulled", "post_status") != 1 {
		t.Fatalf("audit: pushed %d, pulled %d", audits("site.setting_pushed", "post_status"), audits("site.setting_pulled", "post_status"))
	}
	// a value a field does not take is refused on the WordPress side
	if out := wpEval(t, wp, 2, `echo igny8_settings_set('`+site.Id+`', 'post_status', 'trash') ? 'ok' : 'refused';`); out != "refused" {
		t.Fatalf("WordPress took post_status trash: %s", out)
	}
}
