package modules_test

import (
	"errors"
	"testing"

	"github.com/igny8/igny8/demo"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/modules"
	public "github.com/igny8/igny8/pb_public"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// bare returns a test app on the seeded data dir with nothing registered.
func bare(t *testing.T) *tests.TestApp {
	t.Helper()
	dir, err := testapp.TemplateDir()
	if err != nil {
		t.Fatal(err)
	}
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	return app
}

// bound reports whether app's serve event has a handler with id.
func bound(app core.App, id string) bool {
	n := app.OnServe().Length()
	app.OnServe().Unbind(id)
	return app.OnServe().Length() < n
}

// TestRegisterTestAppLeavesOutBinaryOnly: the real binary's list serves the
// web app and the demo seeding; a test app's list is the same without them.
func TestRegisterTestAppLeavesOutBinaryOnly(t *testing.T) {
	for _, c := range []struct {
		opts modules.Options
		want bool
	}{{modules.Options{}, true}, {modules.Options{TestApp: true}, false}} {
		app := bare(t)
		if err := modules.Register(app, c.opts); err != nil {
			t.Fatal(err)
		}
		if !bound(app, jobs.HookServe) {
			t.Fatalf("%+v: the jobs serve hook is not bound", c.opts)
		}
		for _, id := range []string{public.HookWebApp, public.HookSecurity, demo.HookServe} {
			if got := bound(app, id); got != c.want {
				t.Fatalf("%+v: serve hook %s bound = %v, want %v", c.opts, id, got, c.want)
			}
		}
	}
}

// TestRegisterStopsAtFirstError: a module that cannot register stops the
// wiring with an error naming it, and the modules after it never register.
func TestRegisterStopsAtFirstError(t *testing.T) {
	app := bare(t)
	boom := errors.New("boom")
	var after bool
	err := modules.Register(app, modules.Options{TestApp: true, Extra: []modules.Module{
		{Name: "broken", Register: func(core.App) error { return boom }},
		{Name: "after", Register: func(core.App) error { after = true; return nil }},
	}})
	if !errors.Is(err, boom) || err.Error() != "register broken: boom" {
		t.Fatalf("err = %v, want register broken: boom", err)
	}
	if after {
		t.Fatal("a module after the broken one registered")
	}
}

// TestMustRegisterPanics: main.go's MustRegister does not start a binary
// whose wiring failed.
func TestMustRegisterPanics(t *testing.T) {
	app := bare(t)
	defer func() {
		if recover() == nil {
			t.Fatal("MustRegister did not panic on a failing module")
		}
	}()
	modules.MustRegister(app, modules.Options{TestApp: true, Extra: []modules.Module{
		{Name: "broken", Register: func(core.App) error { return errors.New("boom") }},
	}})
}
