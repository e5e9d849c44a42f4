package wordpress_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestHandoverOnWordPress: after the move, the linked Bridge plugin (test
// site 2) takes the old IGNY8 plugin's wp-cron events off, keeps the old
// plugin from scheduling them again while the site is managed by igny8, and
// leaves the Bridge's own events alone; release undoes it. Admins only; a
// core-REST site is refused (409). Not parallel: the managed mark is the
// whole site's.
func TestHandoverOnWordPress(t *testing.T) {
	app := testapp.New(t)
	sites := sitesFor(t, app)
	wp := testWP(t, 2)
	const legacy, own = "igny8_content_engine_cron", "igny8_bridge_handover_probe"
	t.Cleanup(func() {
		wpEval(t, wp, 2, `wp_unschedule_hook('`+legacy+`'); wp_unschedule_hook('`+own+`'); delete_option('igny8_bridge_managed');`)
	})
	wpEval(t, wp, 2, `wp_schedule_event(time() + 3600, 'hourly', '`+legacy+`'); wp_schedule_single_event(time() + 3600, '`+own+`');`)

	c := testapp.NewClient(t, app)
	admin := testapp.Token(t, app, testapp.A, collections.RoleAdmin)
	path := "/api/igny8/sites/" + sites["bridge"].Id + "/import-wp/handover"
	c.Must("POST", path, testapp.Token(t, app, testapp.A, collections.RoleEditor), `{"action":"manage"}`, 403)
	c.Must("POST", path, testapp.Token(t, app, testapp.B, collections.RoleOwner), `{"action":"manage"}`, 404)
	c.Must("POST", "/api/igny8/sites/"+sites["rest"].Id+"/import-wp/handover", admin, `{"action":"manage"}`, 409)
	c.Must("POST", path, admin, `{"action":"switch-off"}`, 400)

	res := c.Must("POST", path, admin, `{"action":"manage"}`, 200)
	hooks, _ := res["unscheduled"].(map[string]any)["hooks"].([]any)
	if res["managed"] != true || !strings.Contains(strings.Join(strs(hooks), ","), legacy) {
		t.Fatalf("manage: %v", res)
	}
	if got := wpEval(t, wp, 2, `echo wp_next_scheduled('`+legacy+`') ? 'scheduled' : 'off', ' ', wp_schedule_event(time() + 60, 'hourly', '`+legacy+`') ? 'rescheduled' : 'blocked', ' ', wp_next_scheduled('`+own+`') ? 'own kept' : 'own gone';`); got != "off blocked own kept" {
		t.Fatalf("after manage: %q", got)
	}
	if st := c.Must("POST", path, admin, `{}`, 200); st["managed"] != true || len(st["legacy_cron"].([]any)) != 0 {
		t.Fatalf("status: %v", st)
	}
	if rel := c.Must("POST", path, admin, `{"action":"release"}`, 200); rel["managed"] != false {
		t.Fatalf("release: %v", rel)
	}
	if got := wpEval(t, wp, 2, `echo wp_schedule_event(time() + 60, 'hourly', '`+legacy+`') ? 'rescheduled' : 'blocked';`); got != "rescheduled" {
		t.Fatalf("after release: %q", got)
	}
}

func strs(in []any) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}
