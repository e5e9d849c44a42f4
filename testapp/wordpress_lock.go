package testapp

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// LockWordPress holds, until the test ends, the lock of the shared test
// WordPress at url: a file lock, so it also orders tests of different
// packages (go test runs packages in parallel processes). Tests that change
// the site under everyone else (deactivate or relink the Bridge plugin,
// change its secret) and tests that fill it with the old plugin's data (the
// move-in import) take it; tests that only publish do not need it.
func LockWordPress(t testing.TB, url string) {
	t.Helper()
	sum := sha256.Sum256([]byte(url))
	path := filepath.Join(os.TempDir(), "igny8-test-wordpress-"+hex.EncodeToString(sum[:6])+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("lock the test WordPress: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("lock the test WordPress: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}
