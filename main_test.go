package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// TestDevModeOnlyWithFlag runs the real binary from under the temp dir (where
// PocketBase's default takes it for `go run` and turns dev mode on) and proves
// it logs no SQL unless started with --dev; the --dev run shows the check sees
// the statements when they are printed.
func TestDevModeOnlyWithFlag(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "igny8")
	src, err := os.ReadFile(testapp.Binary(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(bin, os.TempDir()) {
		t.Fatalf("%s is not under the temp dir %s", bin, os.TempDir())
	}
	for _, c := range []struct {
		flags []string
		sql   bool
	}{{nil, false}, {[]string{"--dev"}, true}} {
		srv := testapp.ServeWith(t, bin, t.TempDir(), c.flags)
		res, err := http.Post(srv.URL+"/api/collections/users/auth-with-password", "application/json",
			strings.NewReader(`{"identity":"nobody@example.com","password":"wrong-password"}`))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		srv.Stop()
		if logged := strings.Contains(srv.Logs(), "SELECT"); logged != c.sql {
			t.Fatalf("flags %v: SQL in the log = %v, want %v:\n%s", c.flags, logged, c.sql, srv.Logs())
		}
	}
}

// TestStartupWarningsOnTerminal: `make run` without an AI key or SMTP says so
// on the terminal, not only in the logs database.
func TestStartupWarningsOnTerminal(t *testing.T) {
	t.Parallel()
	srv := testapp.Serve(t, t.TempDir(), "IGNY8_AI=dev")
	for _, want := range []string{"igny8: AI dev mode", "igny8: Mail is off"} {
		if !srv.WaitLog(want, 30*time.Second) {
			t.Fatalf("terminal lacks %q:\n%s", want, srv.Logs())
		}
	}
}
