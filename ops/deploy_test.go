package ops_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/igny8/igny8/testapp"
)

// validate runs a deploy file's own validator (installed by
// scripts/test-setup.d/40-deploy-tools.sh) and returns its output and error.
func validate(t *testing.T, env []string, name string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed (make test-setup installs it): %v", name, err)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// copyWith writes src to a temp file with old replaced by new.
func copyWith(t *testing.T, src, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", src, old)
	}
	path := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), old, new)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The compose file, the Caddyfile and the systemd unit in deploy/ are valid to
// their own tools; broken copies are refused, so the checks can fail.
func TestDeployFiles(t *testing.T) {
	env := []string{"IGNY8_DOMAIN=igny8.example.com", "IGNY8_ENCRYPTION_KEY=test-key"}
	if out, err := validate(t, env, "docker-compose", "-f", "../deploy/docker-compose.yml", "config", "-q"); err != nil {
		t.Errorf("docker-compose config: %v\n%s", err, out)
	}
	if out, err := validate(t, []string{"IGNY8_ENCRYPTION_KEY=k"}, "docker-compose", "-f", "../deploy/docker-compose.yml", "config", "-q"); err == nil {
		t.Errorf("the compose file accepts a missing IGNY8_DOMAIN:\n%s", out)
	}
	if out, err := validate(t, env, "caddy", "validate", "--config", "../deploy/Caddyfile", "--adapter", "caddyfile"); err != nil {
		t.Errorf("caddy validate: %v\n%s", err, out)
	}
	broken := copyWith(t, "../deploy/Caddyfile", "flush_interval -1", "flush_interval sideways")
	if out, err := validate(t, env, "caddy", "validate", "--config", broken, "--adapter", "caddyfile"); err == nil {
		t.Errorf("caddy accepts a broken Caddyfile:\n%s", out)
	}
	// systemd-analyze checks that ExecStart exists: point it at the real binary
	unit := copyWith(t, "../deploy/igny8.service", "/usr/local/bin/igny8", testapp.Binary(t))
	if out, err := validate(t, nil, "systemd-analyze", "verify", unit); err != nil || strings.TrimSpace(out) != "" {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	badUnit := copyWith(t, unit, "Restart=on-failure", "Restart=sometimes")
	if out, err := validate(t, nil, "systemd-analyze", "verify", badUnit); err == nil && strings.TrimSpace(out) == "" {
		t.Errorf("systemd-analyze accepts a broken unit")
	}
}
