package safehttp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/tools/safehttp"
)

// server is a real HTTP listener on a loopback address that counts the
// connections it accepts, so a test can show a refused address was never
// connected to.
type server struct {
	URL   string
	Port  string
	conns atomic.Int64
}

func listen(t *testing.T, ip string, h http.HandlerFunc) *server {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatalf("listen on %s: %v", ip, err)
	}
	s := &server{URL: "http://" + ln.Addr().String()}
	_, s.Port, _ = net.SplitHostPort(ln.Addr().String())
	srv := &http.Server{Handler: h, ConnState: func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

func ok(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "hello") }

func allow(t *testing.T, list string) safehttp.Policy {
	t.Helper()
	a, err := safehttp.ParseAllow(list)
	if err != nil {
		t.Fatal(err)
	}
	return safehttp.Policy{Allow: a}
}

func get(c *http.Client, url string) (string, error) {
	res, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return string(b), err
}

func wantBlocked(t *testing.T, err error, kind string) {
	t.Helper()
	var be *safehttp.BlockedError
	if !errors.Is(err, safehttp.ErrBlocked) || !errors.As(err, &be) {
		t.Fatalf("want a refused address, got %v", err)
	}
	if kind != "" && !strings.Contains(be.Kind, kind) {
		t.Fatalf("refusal names %q, want %q: %v", be.Kind, kind, err)
	}
	if !strings.Contains(err.Error(), safehttp.EnvAllowPrivateHosts) && !be.Loose {
		t.Fatalf("refusal does not name its fix: %v", err)
	}
}

func TestLoopbackRefusedByDefault(t *testing.T) {
	s := listen(t, "127.0.0.1", ok)
	_, err := get(safehttp.NewClient(safehttp.Config{}), s.URL)
	wantBlocked(t, err, "loopback")
	if n := s.conns.Load(); n != 0 {
		t.Fatalf("the refused listener accepted %d connections", n)
	}
}

func TestAllowanceIsExact(t *testing.T) {
	one := listen(t, "127.0.0.1", ok)
	two := listen(t, "127.0.0.2", ok)
	c := safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1")})
	if body, err := get(c, one.URL); err != nil || body != "hello" {
		t.Fatalf("allowed 127.0.0.1: %q %v", body, err)
	}
	_, err := get(c, two.URL)
	wantBlocked(t, err, "loopback")
	if n := two.conns.Load(); n != 0 {
		t.Fatalf("127.0.0.2 accepted %d connections though only 127.0.0.1 is allowed", n)
	}
	// A prefix allows the whole range.
	c = safehttp.NewClient(safehttp.Config{Policy: allow(t, "10.0.0.0/8, 127.0.0.0/30")})
	if _, err := get(c, two.URL); err != nil {
		t.Fatalf("127.0.0.2 inside an allowed prefix: %v", err)
	}
}

func TestRedirectToForbiddenAddress(t *testing.T) {
	inner := listen(t, "127.0.0.2", ok)
	outer := listen(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/ftp":
			http.Redirect(w, r, "ftp://127.0.0.1/", http.StatusFound)
		default:
			http.Redirect(w, r, inner.URL+"/secret", http.StatusFound)
		}
	})
	c := safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1"), MaxRedirects: 3})
	_, err := get(c, outer.URL+"/")
	wantBlocked(t, err, "loopback")
	if n := inner.conns.Load(); n != 0 {
		t.Fatalf("the redirect target accepted %d connections", n)
	}
	_, err = get(c, outer.URL+"/metadata")
	wantBlocked(t, err, "link-local")
	if _, err = get(c, outer.URL+"/loop"); !errors.Is(err, safehttp.ErrTooManyRedirects) {
		t.Fatalf("redirect loop: %v", err)
	}
	if _, err = get(c, outer.URL+"/ftp"); !errors.Is(err, safehttp.ErrScheme) {
		t.Fatalf("redirect to ftp: %v", err)
	}
}

// mapResolver answers names from a map: no DNS, no real traffic.
type mapResolver map[string][]netip.Addr

func (m mapResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := m[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestNameResolvingToForbiddenAddress(t *testing.T) {
	good := listen(t, "127.0.0.1", ok)
	bad := listen(t, "127.0.0.2", ok)
	res := mapResolver{
		"wp.example.test":     {netip.MustParseAddr("127.0.0.1")},
		"rebind.example.test": {netip.MustParseAddr("127.0.0.2")},
		"meta.example.test":   {netip.MustParseAddr("169.254.169.254")},
		"lan.example.test":    {netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("::ffff:192.168.1.1")},
		"cgnat.example.test":  {netip.MustParseAddr("100.64.0.7")},
	}
	c := safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1"), Resolver: res})
	if body, err := get(c, "http://wp.example.test:"+good.Port+"/"); err != nil || body != "hello" {
		t.Fatalf("a name resolving to an allowed address: %q %v", body, err)
	}
	// The URL passes validation (a name is judged when dialled) and is
	// refused at dial time: what a rebinding DNS answer would meet.
	u := "http://rebind.example.test:" + bad.Port + "/"
	if err := safehttp.CheckURL(safehttp.Policy{}, u); err != nil {
		t.Fatalf("validation judges names: %v", err)
	}
	_, err := get(c, u)
	wantBlocked(t, err, "loopback")
	if n := bad.conns.Load(); n != 0 {
		t.Fatalf("127.0.0.2 accepted %d connections", n)
	}
	for host, kind := range map[string]string{"meta.example.test": "link-local", "lan.example.test": "private", "cgnat.example.test": "carrier-grade NAT"} {
		_, err := get(c, "http://"+host+"/")
		wantBlocked(t, err, kind)
	}
}

func TestAddressSpellings(t *testing.T) {
	s := listen(t, "127.0.0.1", ok)
	c := safehttp.NewClient(safehttp.Config{})
	for _, host := range []string{
		"127.0.0.1", "0x7f000001", "2130706433", "017700000001", "0177.0.0.1", "127.1", "0x7f.1",
		"[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[64:ff9b::7f00:1]", "[0:0:0:0:0:0:0:1]",
		"0.0.0.0", "[::]", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "169.254.169.254",
		"[fe80::1]", "[fd00::1]", "224.0.0.1", "255.255.255.255",
	} {
		_, err := get(c, "http://"+host+":"+s.Port+"/")
		if !errors.Is(err, safehttp.ErrBlocked) {
			t.Errorf("%s: want refused, got %v", host, err)
		}
		if err := safehttp.CheckURL(safehttp.Policy{}, "http://"+host+"/"); !errors.Is(err, safehttp.ErrBlocked) {
			t.Errorf("CheckURL %s: want refused, got %v", host, err)
		}
	}
	if n := s.conns.Load(); n != 0 {
		t.Fatalf("the listener accepted %d connections", n)
	}
	// The IPv4-mapped form of an allowed address is the same address.
	c = safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1")})
	if _, err := get(c, "http://[::ffff:127.0.0.1]:"+s.Port+"/"); err != nil {
		t.Fatalf("mapped form of an allowed address: %v", err)
	}
	for _, u := range []string{"https://example.com/", "http://wp.example.com:8080/x", "http://1.1.1.1/", "http://123.example.com/"} {
		if err := safehttp.CheckURL(safehttp.Policy{}, u); err != nil {
			t.Errorf("CheckURL %s: %v", u, err)
		}
	}
}

func TestOnlyHTTP(t *testing.T) {
	c := safehttp.NewClient(safehttp.Config{})
	for _, u := range []string{"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/"} {
		if _, err := get(c, u); !errors.Is(err, safehttp.ErrScheme) {
			t.Errorf("%s: %v", u, err)
		}
		if err := safehttp.CheckURL(safehttp.Policy{}, u); !errors.Is(err, safehttp.ErrScheme) {
			t.Errorf("CheckURL %s: %v", u, err)
		}
	}
}

func TestResponseSizeBounded(t *testing.T) {
	body := strings.Repeat("x", 2048)
	s := listen(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		_, _ = io.WriteString(w, body)
	})
	c := safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1"), MaxBodyBytes: 1024})
	for _, p := range []string{"/", "/chunked"} {
		if _, err := get(c, s.URL+p); !errors.Is(err, safehttp.ErrTooLarge) {
			t.Errorf("%s: want too large, got %v", p, err)
		}
	}
	c = safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1"), MaxBodyBytes: 2048})
	for _, p := range []string{"/", "/chunked"} {
		if got, err := get(c, s.URL+p); err != nil || len(got) != 2048 {
			t.Errorf("%s exactly at the limit: %d bytes, %v", p, len(got), err)
		}
	}
}

func TestHangingServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	s := listen(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c := safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1"), HeaderTimeout: 100 * time.Millisecond})
	_, err := get(c, s.URL)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("want a timeout, got %v", err)
	}
}

func TestProxyEnvironmentIgnored(t *testing.T) {
	proxy := listen(t, "127.0.0.1", ok)
	target := listen(t, "127.0.0.1", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "direct") })
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	c := safehttp.NewClient(safehttp.Config{Policy: allow(t, "127.0.0.1")})
	if body, err := get(c, target.URL); err != nil || body != "direct" || proxy.conns.Load() != 0 {
		t.Fatalf("body %q err %v proxy connections %d", body, err, proxy.conns.Load())
	}
}

func TestParseAllow(t *testing.T) {
	got, err := safehttp.ParseAllow(" 127.0.0.1 , 10.0.0.0/8,::1,localhost,[fd00::1], 192.168.1.7/16,")
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(got); s != "[127.0.0.1/32 10.0.0.0/8 ::1/128 127.0.0.1/32 ::1/128 fd00::1/128 192.168.0.0/16]" {
		t.Fatalf("parsed %s", s)
	}
	for _, bad := range []string{"wordpress.lan", "10.0.0.0/33", "127.0.0.1:8080"} {
		if _, err := safehttp.ParseAllow(bad); err == nil || !strings.Contains(err.Error(), safehttp.EnvAllowPrivateHosts) {
			t.Errorf("%q: want an error naming the variable, got %v", bad, err)
		}
	}
	t.Setenv(safehttp.EnvAllowPrivateHosts, "nonsense")
	if _, err := safehttp.FromEnv(); err == nil {
		t.Fatal("FromEnv accepted a malformed allowance")
	}
}
