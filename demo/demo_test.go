package demo_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/demo"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/safehttp"
)

func login(t *testing.T, base, email, password string) int {
	t.Helper()
	body := strings.NewReader(`{"identity":"` + email + `","password":"` + password + `"}`)
	res, err := http.Post(base+"/api/collections/users/auth-with-password", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == 200 {
		var out struct {
			Token string `json:"token"`
		}
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
			t.Fatalf("login answered 200 without a token: %v", err)
		}
	}
	return res.StatusCode
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	n, _ := res.Body.Read(buf)
	b.Write(buf[:n])
	return res.StatusCode, b.String()
}

// TestServeDemo runs the real binary as `make run` does (no private hosts
// allowed, unlike the rest of the suite): health, admin UI, web app and the
// demo login through PocketBase's standard auth endpoint.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	srv := testapp.Serve(t, t.TempDir(), demo.EnvDemo+"=1", safehttp.EnvAllowPrivateHosts+"=")
	if code, _ := get(t, srv.URL+"/api/health"); code != 200 {
		t.Fatalf("health: %d", code)
	}
	if code, body := get(t, srv.URL+"/_/"); code != 200 || !strings.Contains(body, "<html") {
		t.Fatalf("admin UI: %d %q", code, body)
	}
	if code, body := get(t, srv.URL+"/"); code != 200 || !strings.Contains(body, "igny8") {
		t.Fatalf("web app: %d", code)
	}
	if code := login(t, srv.URL, demo.Email, demo.Password); code != 200 {
		t.Fatalf("demo login: %d\n%s", code, srv.Logs())
	}
	if !srv.WaitLog("Demo login: "+demo.Email, 10*time.Second) {
		t.Fatalf("credentials not printed:\n%s", srv.Logs())
	}
}

// TestServeProductionHasNoDemo checks that plain serve never creates demo users
// and tells the operator how to create the first superuser.
func TestServeProductionHasNoDemo(t *testing.T) {
	t.Parallel()
	srv := testapp.Serve(t, t.TempDir(), demo.EnvDemo+"=")
	if code := login(t, srv.URL, demo.Email, demo.Password); code != 400 {
		t.Fatalf("demo login on a production data dir: %d", code)
	}
	if !srv.WaitLog("superuser upsert", 10*time.Second) {
		t.Fatalf("no superuser hint printed:\n%s", srv.Logs())
	}
}

func TestMain(m *testing.M) {
	testapp.Main(m)
}
