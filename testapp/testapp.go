// Package testapp builds igny8 test apps exactly as main.go builds the real one:
// migrated, seeded with two workspaces (A and B) with one user per role, and with
// every package registered. The seeded data dir is built once per test binary
// and cloned for each test.
package testapp

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/igny8/igny8/modules"
	"github.com/igny8/igny8/tools/safehttp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Register wires every igny8 package into app from the same list as main.go
// (modules.List), leaving out the modules only a served binary runs (the demo
// seeding and the embedded web app); it panics if a module fails to register.
func Register(app core.App) {
	modules.MustRegister(app, modules.Options{TestApp: true})
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// TemplateDir returns the migrated and seeded data dir shared by the package's tests.
func TemplateDir() (string, error) {
	templateOnce.Do(func() {
		templateDir, templateErr = buildTemplate()
	})
	return templateDir, templateErr
}

func buildTemplate() (string, error) {
	dir, err := os.MkdirTemp("", "igny8_testdata_")
	if err != nil {
		return "", err
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: filepath.Join(dir), EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		return "", err
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return "", err
	}
	Register(app)
	if err := seedFixtures(app); err != nil {
		return "", err
	}
	return dir, nil
}

// New returns a fresh test app cloned from the template; it is cleaned up when t ends.
func New(t testing.TB) *tests.TestApp {
	t.Helper()
	app := Factory(t)
	t.Cleanup(app.Cleanup)
	return app
}

// Factory returns a fresh test app cloned from the template with every package
// registered, in the shape tests.ApiScenario.TestAppFactory wants; the scenario
// (or New) cleans it up.
func Factory(t testing.TB) *tests.TestApp {
	t.Helper()
	dir, err := TemplateDir()
	if err != nil {
		t.Fatalf("build test data dir: %v", err)
	}
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	if err != nil {
		t.Fatalf("new test app: %v", err)
	}
	Register(app)
	return app
}

// Cleanup removes the template dir; call it from TestMain after m.Run.
func Cleanup() {
	if templateDir != "" {
		os.RemoveAll(templateDir)
	}
}

// Main runs a package's tests and removes what the test app factory left
// behind (the template data dir, a built binary); after runs before exit, for
// summaries such as the isolation matrix count. Call it from TestMain.
//
// The suite allows 127.0.0.1 explicitly, the way an operator allows a
// WordPress on their own network: the test WordPress sites and the tests'
// own servers listen there, and the guarded client refuses loopback otherwise.
func Main(m *testing.M, after ...func()) {
	if os.Getenv(safehttp.EnvAllowPrivateHosts) == "" {
		os.Setenv(safehttp.EnvAllowPrivateHosts, "127.0.0.1")
	}
	code := m.Run()
	for _, fn := range after {
		fn()
	}
	Cleanup()
	RemoveBinary()
	os.Exit(code)
}
