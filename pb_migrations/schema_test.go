package migrations_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	_ "github.com/igny8/igny8/pb_migrations"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// migratedApp returns a fresh data dir with every migration applied.
func migratedApp(t *testing.T) core.App {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.ResetBootstrapState() })
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("run migrations: %v", err)
	}
	return app
}

// schema is a canonical picture of the non-system collections: field ids,
// timestamps and token secrets dropped, fields keyed by name, indexes sorted,
// so two data dirs with the same schema compare equal however they got it.
func schema(t *testing.T, app core.App) map[string]string {
	t.Helper()
	cols, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range cols {
		if c.System {
			continue
		}
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		fields := map[string]any{}
		for _, f := range v["fields"].([]any) {
			fm := f.(map[string]any)
			delete(fm, "id")
			fields[fm["name"].(string)] = fm
		}
		v["fields"] = fields
		if idx, ok := v["indexes"].([]any); ok {
			sort.Slice(idx, func(i, j int) bool { return fmt.Sprint(idx[i]) < fmt.Sprint(idx[j]) })
		}
		for _, k := range []string{"created", "updated"} {
			delete(v, k)
		}
		b, _ := json.Marshal(dropSecrets(v))
		out[c.Name] = string(b)
	}
	return out
}

func dropSecrets(v any) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "secret")
		for k, val := range x {
			x[k] = dropSecrets(val)
		}
	case []any:
		for i := range x {
			x[i] = dropSecrets(x[i])
		}
	}
	return v
}

// TestSchemaMatchesCollections is the guard that keeps migrations and
// collections/ in step: applying today's schema code to a freshly migrated
// data dir must change nothing, and the migrations must create no collection
// that collections/ does not know. When it fails, write a migration for the
// change you made in collections/ (docs/UPGRADING.md).
func TestSchemaMatchesCollections(t *testing.T) {
	app := migratedApp(t)
	migrated := schema(t, app)

	names := collections.Names()
	for name := range migrated {
		if !slices.Contains(names, name) {
			t.Errorf("collection %s is created by the migrations but missing from collections/ (or removed there without a migration)", name)
		}
	}
	if err := collections.Apply(app); err != nil {
		t.Fatalf("apply collections/: %v", err)
	}
	current := schema(t, app)
	for _, name := range names {
		if migrated[name] != current[name] {
			t.Errorf("collections/%s differs from what the migrations build; add a migration for:\n%s", name, describeDiff(migrated[name], current[name]))
		}
	}
}

// describeDiff names the top-level properties and fields that differ.
func describeDiff(before, after string) string {
	var a, b map[string]any
	json.Unmarshal([]byte(before), &a)
	json.Unmarshal([]byte(after), &b)
	if a == nil {
		return "  the collection is missing from the migrations"
	}
	lines := []string{}
	for k := range merge(a, b) {
		if k == "fields" {
			fa, _ := a[k].(map[string]any)
			fb, _ := b[k].(map[string]any)
			for f := range merge(fa, fb) {
				ja, _ := json.Marshal(fa[f])
				jb, _ := json.Marshal(fb[f])
				if string(ja) != string(jb) {
					lines = append(lines, fmt.Sprintf("  field %s: migrations %s, collections/ %s", f, ja, jb))
				}
			}
			continue
		}
		ja, _ := json.Marshal(a[k])
		jb, _ := json.Marshal(b[k])
		if string(ja) != string(jb) {
			lines = append(lines, fmt.Sprintf("  %s: migrations %s, collections/ %s", k, ja, jb))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func merge(a, b map[string]any) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// TestMigrationsDown reverts every igny8 migration and applies them again:
// the down functions leave no igny8 collection behind and the data dir can
// be migrated up from there.
func TestMigrationsDown(t *testing.T) {
	app := migratedApp(t)
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	reverted, err := runner.Down(len(core.AppMigrations.Items()))
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if len(reverted) != len(core.AppMigrations.Items()) {
		t.Fatalf("reverted %d of %d migrations", len(reverted), len(core.AppMigrations.Items()))
	}
	for _, name := range collections.Names() {
		if name == collections.Users || name == core.CollectionNameSuperusers { // PocketBase's own, kept
			continue
		}
		if _, err := app.FindCollectionByNameOrId(name); err == nil {
			t.Errorf("collection %s still exists after every down", name)
		}
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId(collections.Jobs); err != nil {
		t.Errorf("jobs missing after up again: %v", err)
	}
}

func TestMain(m *testing.M) { testapp.Main(m) }

// A new data dir keeps logs 30 days and backs up every 6 hours keeping 7.
func TestSettingsDefaults(t *testing.T) {
	s := migratedApp(t).Settings()
	if s.Logs.MaxDays != 30 {
		t.Errorf("logs kept %d days, want 30", s.Logs.MaxDays)
	}
	if s.Backups.Cron != "0 */6 * * *" || s.Backups.CronMaxKeep != 7 {
		t.Errorf("backups %q keep %d, want every 6 h keeping 7", s.Backups.Cron, s.Backups.CronMaxKeep)
	}
}
