package ops

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCheckHealth(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		status  int
		wantErr bool
	}{{"healthy", 200, false}, {"unhealthy", 503, true}} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(c.status) }))
		err := checkHealth(srv.URL)
		srv.Close()
		if (err != nil) != c.wantErr {
			t.Fatalf("%s: err=%v", c.name, err)
		}
	}
	if err := checkHealth("http://127.0.0.1:1/api/health"); err == nil {
		t.Fatal("unreachable server reported healthy")
	}
}
