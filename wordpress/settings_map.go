package wordpress

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// SettingField is one setting both igny8 (sites.defaults[Key]) and the
// WordPress site (the plugin's Settings > igny8 form) edit. Clean returns the
// value in its one shape, or false for a value the field does not take.
type SettingField struct {
	Key   string
	Clean func(v any) (any, bool)
}

// SettingsFieldMap is the explicit map of the settings sync (plan §5.6):
// these keys of sites.defaults (the shape CheckSiteDefaults enforces) and the
// plugin's fields of the same names are
// one setting each, synced both ways by last writer wins; everything else in
// sites.defaults goes one way (igny8 → plugin), and the site's own title,
// timezone, categories and authors one way back (sites.wp_settings). The
// plugin's igny8_settings_map() must list the same keys and checks.
var SettingsFieldMap = []SettingField{
	{Key: "post_status", Clean: oneOf(DefaultStatuses...)},
	{Key: "images_per_article", Clean: intIn(0, 8)},
	{Key: "categories", Clean: func(v any) (any, bool) {
		list, ok := v.([]any)
		if !ok || len(list) > maxDefaultCategories {
			return nil, false
		}
		out := []string{}
		for _, c := range list {
			s, ok := c.(string)
			s = strings.TrimSpace(s)
			if !ok || s == "" || len([]rune(s)) > maxSettingText || strings.ContainsAny(s, "\r\n<>") {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}},
	{Key: "author", Clean: intIn(0, math.MaxInt32)},
}

func oneOf(values ...string) func(any) (any, bool) {
	return func(v any) (any, bool) {
		s, ok := v.(string)
		for _, w := range values {
			if ok && s == w {
				return s, true
			}
		}
		return nil, false
	}
}

func intIn(lo, hi int) func(any) (any, bool) {
	return func(v any) (any, bool) {
		var f float64
		switch n := v.(type) {
		case float64:
			f = n
		case int:
			f = float64(n)
		case json.Number:
			x, err := n.Float64()
			if err != nil {
				return nil, false
			}
			f = x
		default:
			return nil, false
		}
		if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
			return nil, false
		}
		return int(f), true
	}
}

// Sides of the settings sync.
const (
	SideIgny8     = "igny8"
	SideWordPress = "wordpress"
)

// SettingStamp says when a mapped setting last changed and on which side
// (sites.settings_sync[key]); At is unix milliseconds, as the plugin stamps.
type SettingStamp struct {
	At int64  `json:"at"`
	By string `json:"by"`
}

// SettingChange is one mapped setting a sync changed, on one side or the other.
type SettingChange struct {
	Key string `json:"key"`
	// Winner is the side whose value both now hold; From is the other side's
	// value before (nil when it had none).
	Winner string `json:"winner"`
	Value  any    `json:"value"`
	From   any    `json:"from"`
	At     int64  `json:"at"`
}

// HookSettingsStamp is the id of the hook that stamps igny8's changes of mapped settings.
const HookSettingsStamp = "igny8.wordpress.settings_stamp"

// rawFromSync marks a site save made by the sync (WordPress's values): it is
// not an igny8 change and is not stamped as one.
const rawFromSync = "@igny8.settings.from_sync"

// bindSettingsStamps stamps, on every save of a site however it is made, the
// mapped settings whose value changed in sites.defaults: the time of igny8's
// change, for the next sync's last-writer-wins.
func bindSettingsStamps(app core.App) {
	fn := func(e *core.RecordEvent) error {
		if fromSync, _ := e.Record.GetRaw(rawFromSync).(bool); fromSync {
			e.Record.SetRaw(rawFromSync, nil)
			return e.Next()
		}
		var now, before map[string]any
		_ = e.Record.UnmarshalJSONField("defaults", &now)
		if !e.Record.IsNew() {
			_ = e.Record.Original().UnmarshalJSONField("defaults", &before)
		}
		stamps := map[string]SettingStamp{}
		_ = e.Record.UnmarshalJSONField("settings_sync", &stamps)
		changed := false
		at := time.Now().UnixMilli()
		for _, f := range SettingsFieldMap {
			v, ok := now[f.Key]
			if !ok || sameJSON(v, before[f.Key]) {
				continue
			}
			stamps[f.Key] = SettingStamp{At: at, By: SideIgny8}
			changed = true
		}
		if changed {
			e.Record.Set("settings_sync", stamps)
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSettingsStamp, Func: fn})
	app.OnRecordUpdate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSettingsStamp, Func: fn})
}

// settingsFields is igny8's side of the map for the plugin: the mapped
// settings sites.defaults holds (valid ones), each with its stamp. A value
// never stamped (set before the sync existed) counts as changed at 0, so a
// value set in WordPress wins over it.
func settingsFields(site *core.Record) map[string]any {
	var defaults map[string]any
	_ = site.UnmarshalJSONField("defaults", &defaults)
	stamps := map[string]SettingStamp{}
	_ = site.UnmarshalJSONField("settings_sync", &stamps)
	out := map[string]any{}
	for _, f := range SettingsFieldMap {
		v, ok := defaults[f.Key]
		if !ok {
			continue
		}
		if clean, ok := f.Clean(v); ok {
			out[f.Key] = map[string]any{"value": clean, "at": stamps[f.Key].At}
		}
	}
	return out
}

type mergedField struct {
	Value    any    `json:"value"`
	At       int64  `json:"at"`
	By       string `json:"by"`
	Previous any    `json:"previous"`
}

// applySettingsMerge takes the plugin's merge of the mapped settings: each
// field WordPress won goes into sites.defaults with WordPress's stamp; each
// change on either side is recorded in the audit log (site.setting_pulled
// when WordPress's value replaced igny8's, site.setting_pushed when igny8's
// replaced WordPress's). The site is saved by the caller.
func applySettingsMerge(app core.App, site *core.Record, raw any) []SettingChange {
	b, _ := json.Marshal(raw)
	var merged map[string]mergedField
	if json.Unmarshal(b, &merged) != nil {
		return nil
	}
	var defaults map[string]any
	_ = site.UnmarshalJSONField("defaults", &defaults)
	if defaults == nil {
		defaults = map[string]any{}
	}
	stamps := map[string]SettingStamp{}
	_ = site.UnmarshalJSONField("settings_sync", &stamps)
	var changes []SettingChange
	for _, f := range SettingsFieldMap {
		m, ok := merged[f.Key]
		if !ok {
			continue
		}
		v, ok := f.Clean(m.Value)
		if !ok {
			continue // a value igny8 does not take is never stored
		}
		switch m.By {
		case SideWordPress:
			old, had := defaults[f.Key]
			if had && sameJSON(old, v) {
				continue
			}
			defaults[f.Key] = v
			stamps[f.Key] = SettingStamp{At: m.At, By: SideWordPress}
			changes = append(changes, SettingChange{Key: f.Key, Winner: SideWordPress, Value: v, From: old, At: m.At})
		case SideIgny8:
			if m.Previous != nil && !sameJSON(m.Previous, v) {
				changes = append(changes, SettingChange{Key: f.Key, Winner: SideIgny8, Value: v, From: m.Previous, At: m.At})
			}
		}
	}
	if len(changes) == 0 {
		return nil
	}
	site.Set("defaults", defaults)
	site.Set("settings_sync", stamps)
	site.SetRaw(rawFromSync, true)
	for _, c := range changes {
		action := "site.setting_pushed"
		if c.Winner == SideWordPress {
			action = "site.setting_pulled"
		}
		hooks.Audit(app, nil, site.GetString("tenant"), action, site, map[string]any{"key": c.Key, "value": c.Value, "from": c.From,
			"changed_at": time.UnixMilli(c.At).UTC(), "rule": "last writer wins"})
	}
	return changes
}

// settingsSyncer is a transport that merges the mapped settings (the plugin).
type settingsSyncer interface {
	SyncSettings(ctx context.Context, siteID string, defaults, fields map[string]any) (map[string]any, error)
}

var _ settingsSyncer = (*BridgeTransport)(nil)

func readSettings(ctx context.Context, t Transport, site *core.Record, defaults map[string]any) (map[string]any, error) {
	if s, ok := t.(settingsSyncer); ok {
		out, err := s.SyncSettings(ctx, site.Id, defaults, settingsFields(site))
		if err != nil {
			return out, fmt.Errorf("sync settings: %w", err)
		}
		return out, nil
	}
	return t.Settings(ctx, defaults)
}
