package wpimport

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// SettingsKey is the key of tenants.settings under which the plugin's
// workspace settings land (option name → decoded value).
const SettingsKey = "wp_plugin"

// apiKeyOption is the plugin's OpenAI key (plain text in wp_options).
const apiKeyOption = "igny8_api_key"

// systemSetting tells the plugin's own machinery (versions, cron, display,
// licence, debug) from settings about the user's content: system settings
// mean nothing outside the plugin and are kept on the batch, not applied.
func systemSetting(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"version", "cron", "flux", "display", "license", "licence", "debug", "installed", "activation", "notice", "cache", "transient"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// settings reads the plugin's options (published plugin) and its settings
// table (the plan's shape): workspace settings go to the workspace's
// tenants.settings[wp_plugin], system settings are carried, the OpenAI key is
// imported (encrypted) only when asked. One legacy row per key; the workspace
// record is mapped once per batch, with the previous values for a rollback.
func (im *importer) settings(tx core.App) error {
	if !im.opts.wants(KindSettings) {
		return nil
	}
	t := im.rep.table(KindSettings, collections.Tenants)
	apply := map[string]any{}
	legacyOf := map[string]string{}
	var apiKey string
	take := func(legacy, name, raw string) {
		t.Source++
		im.rows++
		name = strings.TrimSpace(name)
		if name == "" {
			im.rep.skip(t, legacy, "the setting has no name")
			return
		}
		if name == apiKeyOption {
			if !im.opts.WithAPIKey {
				im.rep.skip(t, legacy, "the OpenAI key is not imported without --with-api-key (it would be stored encrypted)")
				return
			}
			apiKey = strings.TrimSpace(raw)
			t.Imported++
			return
		}
		if bridgeOption(name) {
			im.rep.skip(t, legacy, "a setting of the igny8 Bridge plugin, not of the old plugin")
			return
		}
		fixed, how := repairText(raw)
		if how != "" {
			im.rep.note(t, legacy, how)
		}
		v, how := decodeValue(fixed)
		if how != "" {
			im.rep.note(t, legacy, how)
		}
		if systemSetting(name) {
			im.carry(t, KindSettings, legacy, map[string]any{"name": name, "value": v, "reason": "system setting of the plugin"})
			return
		}
		if prev, dup := legacyOf[name]; dup {
			im.rep.skip(t, prev, fmt.Sprintf("%s is set again by %s, whose value is imported", name, legacy))
		}
		apply[name], legacyOf[name] = v, legacy
	}
	if im.src.Has("igny8_settings") {
		if err := im.src.scanTable(im.ctx, "igny8_settings", func(r row) error {
			take(aKey("igny8_settings", r), r.str("setting_key", "key", "name", "option_name"), r.str("setting_value", "value"))
			return nil
		}); err != nil {
			return err
		}
	}
	if err := im.src.options(im.ctx, im.opts.WithAPIKey, func(r row) error {
		take("option:"+r["name"], r["name"], r["value"])
		return nil
	}); err != nil {
		return err
	}
	if len(apply) == 0 && apiKey == "" {
		return nil
	}
	var prev struct {
		Settings string `db:"settings"`
		Key      string `db:"ai_api_key"`
	}
	if err := tx.DB().Select("COALESCE([[settings]], '') AS settings", "COALESCE([[ai_api_key]], '') AS ai_api_key").From(collections.Tenants).Where(dbx.HashExp{"id": im.tenant}).One(&prev); err != nil {
		return fmt.Errorf("read the workspace: %w", err)
	}
	tenant, err := tx.FindRecordById(collections.Tenants, im.tenant)
	if err != nil {
		return err
	}
	settings := map[string]any{}
	_ = json.Unmarshal([]byte(prev.Settings), &settings)
	if settings == nil {
		settings = map[string]any{}
	}
	old, _ := settings[SettingsKey].(map[string]any)
	merged := map[string]any{}
	for k, v := range old {
		merged[k] = v
	}
	changed := false
	for name, v := range apply {
		if ov, ok := merged[name]; ok && sameValue(ov, v) {
			t.Unchanged++
		} else if ok {
			t.Updated++
			changed = true
		} else {
			t.Imported++
			changed = true
		}
		merged[name] = v
		t.src.add(canonical(legacyOf[name], map[string]any{name: v}))
	}
	settings[SettingsKey] = merged
	tenant.Set("settings", settings)
	if apiKey != "" {
		tenant.Set(collections.TenantAIKey, apiKey)
		changed = true
	}
	if changed {
		if err := tx.Save(tenant); err != nil {
			return fmt.Errorf("save the workspace settings: %w", err)
		}
		k := &kind{name: KindSettings, collection: collections.Tenants}
		before := map[string]any{"settings": json.RawMessage(orNull(prev.Settings)), collections.TenantAIKey: prev.Key}
		if err := im.mapRecord(tx, k, &item{legacy: "settings"}, im.tenant, collections.ImportUpdated, before, settingsHash(merged)); err != nil {
			return err
		}
	}
	// read back
	var after string
	if err := tx.DB().Select("COALESCE([[settings]], '')").From(collections.Tenants).Where(dbx.HashExp{"id": im.tenant}).Row(&after); err != nil {
		return err
	}
	stored := map[string]any{}
	_ = json.Unmarshal([]byte(after), &stored)
	got, _ := stored[SettingsKey].(map[string]any)
	for name := range apply {
		t.dst.add(canonical(legacyOf[name], map[string]any{name: got[name]}))
	}
	return nil
}

func settingsHash(m map[string]any) string {
	return lineHash(canonical("", map[string]any{SettingsKey: m}))
}

func orNull(s string) string {
	if strings.TrimSpace(s) == "" {
		return "null"
	}
	return s
}

// carry keeps a legacy row igny8 has no store for on the batch, bounded by
// the report's size limit (past it rows are counted, not kept, and a
// warning says so).
func (im *importer) carry(t *Table, kindName, legacy string, fields map[string]any) {
	t.Carried++
	fields["legacy"] = legacy
	b, _ := json.Marshal(fields)
	if im.carriedBytes+len(b) > collections.ImportReportMax/2 {
		if im.carriedBytes <= collections.ImportReportMax/2 {
			im.rep.warn("carried rows exceed %d MB: later rows are counted, not kept", collections.ImportReportMax/2>>20)
			im.carriedBytes = collections.ImportReportMax/2 + 1
		}
		return
	}
	im.carriedBytes += len(b)
	im.carried[kindName] = append(im.carried[kindName], fields)
}

// carriedRows keeps what igny8 cannot store: the plugin's per-post data cache, its logs
// and accounts.
func (im *importer) carriedRows(tx core.App) error {
	type source struct {
		kind, table, group, reason string
	}
	for _, s := range []source{
		{KindData, "igny8_data", "", "the plugin's per-post data cache has no igny8 counterpart"},
		{KindLogs, "igny8_logs", "", "igny8 keeps its own job log; the plugin's log is kept on the batch"},
		{KindAccounts, "igny8_accounts", "", "the workspace you import into is the account"},
	} {
		if !im.opts.wants(s.kind) {
			continue
		}
		if !im.src.Has(s.table) && (s.group == "" || !im.hasGroup(s.group)) {
			continue
		}
		if err := im.each(s.kind, s.table, s.group, func(t *Table, src, legacy string, r row) error {
			fields := map[string]any{}
			for c, v := range r {
				fixed, _ := repairText(v)
				dv, _ := decodeValue(fixed)
				fields[c] = dv
			}
			im.carry(t, s.kind, legacy, fields)
			return nil
		}); err != nil {
			return err
		}
		if t := im.rep.table(s.kind, ""); t.Carried > 0 {
			im.rep.warn("%s: %d rows kept on the batch (%s)", s.kind, t.Carried, s.reason)
		}
	}
	return nil
}

func (im *importer) hasGroup(group string) bool { return im.postCounts[group] > 0 }
