package testapp

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/jobs"
)

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// Binary builds the igny8 binary once per test process and returns its path,
// for tests that need real processes (serve, kill -9, restart). It is built
// with the jobs.BuildTagTest tag, so IGNY8_TEST_HANDLERS=1 turns the test-only
// job handler and routes on; the release build (make, Dockerfile) has none.
func Binary(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		// Outside the temp dir, where a deployed binary sits (main.go no longer
		// takes a binary in the temp dir for `go run`; TestDevModeOnlyWithFlag
		// runs a copy from inside it).
		out, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			binaryErr = fmt.Errorf("go env GOMOD: %w", err)
			return
		}
		dir := filepath.Join(filepath.Dir(strings.TrimSpace(string(out))), ".cache", "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, fmt.Sprintf("igny8-test-%d", os.Getpid()))
		cmd := exec.Command("go", "build", "-tags", jobs.BuildTagTest, "-o", binaryPath, "github.com/igny8/igny8")
		if out, err := cmd.CombinedOutput(); err != nil {
			binaryErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// FreeAddr returns a free 127.0.0.1:port.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Server is a running igny8 process.
type Server struct {
	Cmd    *exec.Cmd
	Addr   string
	URL    string
	Output *strings.Builder
	mu     *sync.Mutex
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// Serve starts `igny8 serve` on a free port with dataDir and extra environment,
// waits until /api/health answers and stops the process when t ends.
func Serve(t testing.TB, dataDir string, env ...string) *Server {
	t.Helper()
	return ServeWith(t, Binary(t), dataDir, nil, env...)
}

// ServeWith is Serve for the binary at bin with extra serve flags (e.g. a
// copy of Binary placed elsewhere, or "--dev").
func ServeWith(t testing.TB, bin, dataDir string, flags []string, env ...string) *Server {
	t.Helper()
	addr := FreeAddr(t)
	s := &Server{Addr: addr, URL: "http://" + addr, Output: &strings.Builder{}, mu: &sync.Mutex{}}
	s.Cmd = exec.Command(bin, append([]string{"serve", "--http", addr, "--dir", dataDir}, flags...)...)
	s.Cmd.Env = append(os.Environ(), env...)
	s.Cmd.Stdout = lockedWriter{s.mu, s.Output}
	s.Cmd.Stderr = lockedWriter{s.mu, s.Output}
	if err := s.Cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(s.URL + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("igny8 did not become healthy on %s:\n%s", addr, s.Logs())
	return nil
}

// Remove deletes the built binary; call it from TestMain after m.Run.
func RemoveBinary() {
	if binaryPath != "" {
		os.Remove(binaryPath)
	}
}

// Logs returns what the process printed so far.
func (s *Server) Logs() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Output.String()
}

// WaitLog waits until the process has printed want and reports whether it did.
func (s *Server) WaitLog(want string, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if strings.Contains(s.Logs(), want) {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// Stop ends the process gracefully (SIGINT) and waits for it.
func (s *Server) Stop() {
	if s.Cmd.ProcessState != nil || s.Cmd.Process == nil {
		return
	}
	_ = s.Cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.Cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.Cmd.Process.Kill()
		<-done
	}
}

// Kill ends the process with SIGKILL, as a crash would.
func (s *Server) Kill() {
	if s.Cmd.Process != nil {
		_ = s.Cmd.Process.Kill()
		_ = s.Cmd.Wait()
	}
}
