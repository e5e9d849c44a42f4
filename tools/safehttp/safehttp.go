// Package safehttp is the one HTTP client igny8 uses for addresses a user
// supplies (WordPress site URLs, the redirects they answer with, any future
// webhook or user-set base URL). A user who can make the server fetch a URL
// can otherwise read the machine's own services, its private network and the
// cloud metadata endpoint (server-side request forgery), so the client:
//
//   - speaks only http and https;
//   - checks the IP it is about to connect to, at dial time (net.Dialer's
//     Control), so a name that resolves to a public address when validated and
//     to 127.0.0.1 when used (DNS rebinding) is still refused;
//   - refuses loopback, private, link-local (metadata), carrier-grade NAT,
//     multicast, unspecified and reserved addresses, in every spelling
//     (IPv4-mapped IPv6, NAT64, 2130706433, 0x7f000001), unless the operator
//     allows them (EnvAllowPrivateHosts);
//   - follows a bounded number of redirects, each hop checked the same way;
//   - bounds the response size and the time of every request;
//   - ignores HTTP_PROXY (a proxy would dial the address on igny8's behalf).
//
// It is a plain library: it knows nothing of PocketBase or WordPress.
package safehttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"syscall"
	"time"
)

// Defaults of Config.
const (
	DefaultMaxRedirects   = 5
	DefaultMaxBodyBytes   = 32 << 20
	DefaultTimeout        = 60 * time.Second
	DefaultDialTimeout    = 10 * time.Second
	DefaultHeaderTimeout  = 30 * time.Second
	defaultTLSHandshake   = 10 * time.Second
	defaultIdleConnection = 60 * time.Second
)

// Errors, matched with errors.Is.
var (
	// ErrBlocked: the address is one igny8 does not connect to by default.
	ErrBlocked = errors.New("address not allowed")
	// ErrScheme: the URL is not http or https.
	ErrScheme = errors.New("only http and https URLs are allowed")
	// ErrTooManyRedirects: the chain of redirects is longer than allowed.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTooLarge: the answer is longer than allowed.
	ErrTooLarge = errors.New("response too large")
)

// BlockedError names a refused address and what kind it is.
type BlockedError struct {
	Host string
	IP   netip.Addr
	Kind string
	// Loose is set for a host written as a non-standard number (2130706433).
	Loose bool
}

func (e *BlockedError) Error() string {
	if e.Loose {
		return fmt.Sprintf("%q is an IP address written as a number: use a host name or a standard IP address", e.Host)
	}
	what := e.IP.String()
	if e.Host != "" && e.Host != what {
		what = e.Host + " (" + what + ")"
	}
	return fmt.Sprintf("%s is a %s address, which igny8 does not connect to unless the operator allows it with %s=%s",
		what, e.Kind, EnvAllowPrivateHosts, e.IP.Unmap())
}

// Is makes errors.Is(err, ErrBlocked) true.
func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

// Resolver looks up a host's addresses; *net.Resolver is one. Tests inject
// their own to point names at addresses without DNS.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Config tunes a client; the zero value is safe.
type Config struct {
	Policy Policy
	// Resolver; nil is net.DefaultResolver.
	Resolver Resolver
	// MaxRedirects followed (0: DefaultMaxRedirects; negative: none).
	MaxRedirects int
	// MaxBodyBytes read of one answer (0: DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// Timeout of one whole request, body included (0: DefaultTimeout).
	Timeout time.Duration
	// DialTimeout bounds connecting (0: DefaultDialTimeout).
	DialTimeout time.Duration
	// HeaderTimeout bounds the wait for the answer's headers once the
	// request is sent: a server that accepts and then hangs (0: DefaultHeaderTimeout).
	HeaderTimeout time.Duration
}

// FromEnv returns a Config whose policy allows what EnvAllowPrivateHosts
// lists. A malformed value is an error, so an operator's typo is reported
// instead of silently refusing (or allowing) a host.
func FromEnv() (Config, error) {
	allow, err := ParseAllow(os.Getenv(EnvAllowPrivateHosts))
	if err != nil {
		return Config{}, err
	}
	return Config{Policy: Policy{Allow: allow}}, nil
}

func (c Config) withDefaults() Config {
	if c.Resolver == nil {
		c.Resolver = net.DefaultResolver
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = DefaultHeaderTimeout
	}
	return c
}

// NewClient returns an http.Client that enforces c on every request and
// redirect. Callers may lower its Timeout; they must not replace its
// Transport or CheckRedirect.
func NewClient(c Config) *http.Client {
	c = c.withDefaults()
	return &http.Client{
		Transport: NewTransport(c),
		Timeout:   c.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if c.MaxRedirects < 0 || len(via) > c.MaxRedirects {
				return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, max(c.MaxRedirects, 0))
			}
			return checkURL(c.Policy, req)
		},
	}
}

// NewDialer returns the guarded dialer the client uses, for connections that
// are not HTTP (the legacy import's MySQL connection): the host is resolved
// here and every address checked against c's policy, also at connect time.
func NewDialer(c Config) func(ctx context.Context, network, addr string) (net.Conn, error) {
	c = c.withDefaults()
	return (&dialer{cfg: c}).dial
}

// NewTransport returns the guarded round tripper NewClient uses, for
// callers that build their own http.Client.
func NewTransport(c Config) http.RoundTripper {
	c = c.withDefaults()
	d := &dialer{cfg: c}
	t := &http.Transport{
		Proxy:                 nil, // never HTTP_PROXY: the proxy would dial for us, unchecked
		DialContext:           d.dial,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   defaultTLSHandshake,
		ResponseHeaderTimeout: c.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       defaultIdleConnection,
		MaxIdleConnsPerHost:   4,
	}
	return &roundTripper{next: t, cfg: c}
}

type roundTripper struct {
	next http.RoundTripper
	cfg  Config
}

func (rt *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := checkURL(rt.cfg.Policy, req); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	res, err := rt.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if res.ContentLength > rt.cfg.MaxBodyBytes {
		_ = res.Body.Close()
		return nil, fmt.Errorf("%w: %d bytes announced, at most %d read", ErrTooLarge, res.ContentLength, rt.cfg.MaxBodyBytes)
	}
	res.Body = &limitedBody{rc: res.Body, left: rt.cfg.MaxBodyBytes}
	return res, nil
}

// checkURL refuses other schemes and, before any lookup, hosts that are
// refused addresses spelled as literals (the dial-time check would refuse
// them too; this names them earlier and without a resolver).
func checkURL(p Policy, req *http.Request) error {
	switch strings.ToLower(req.URL.Scheme) {
	case "http", "https":
	default:
		return fmt.Errorf("%w (got %q)", ErrScheme, req.URL.Scheme)
	}
	return checkHostLiteral(p, req.URL.Hostname())
}

func checkHostLiteral(p Policy, host string) error {
	if looseIPv4(host) {
		return &BlockedError{Host: host, Loose: true, Kind: "numeric"}
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return p.Check(host, ip)
	}
	return nil
}

// CheckURL validates a URL the way the client will treat it, without any
// network traffic: http or https, a host, and no refused address literal.
// Names are only judged when dialled (their addresses can change).
func CheckURL(p Policy, raw string) error {
	req, err := http.NewRequest(http.MethodGet, raw, nil)
	if err != nil {
		return err
	}
	if err := checkURL(p, req); err != nil {
		return err
	}
	if req.URL.Hostname() == "" {
		return errors.New("the URL has no host")
	}
	return nil
}

type dialer struct{ cfg Config }

// dial resolves the host itself and dials each address through a
// net.Dialer whose Control re-checks the address the socket connects to:
// whatever produced it (resolver, literal, a rebinding DNS answer), it is
// the last moment before a packet leaves.
func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if err := checkHostLiteral(d.cfg.Policy, host); err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		lookup := "ip"
		switch network {
		case "tcp4":
			lookup = "ip4"
		case "tcp6":
			lookup = "ip6"
		}
		if ips, err = d.cfg.Resolver.LookupNetIP(ctx, lookup, host); err != nil {
			return nil, err
		}
		if len(ips) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
	}
	nd := &net.Dialer{
		Timeout: d.cfg.DialTimeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: cannot read the address %q", ErrBlocked, address)
			}
			return d.cfg.Policy.Check(host, ap.Addr())
		},
	}
	var errs []error
	for _, ip := range ips {
		if err := d.cfg.Policy.Check(host, ip); err != nil {
			errs = append(errs, err)
			continue
		}
		conn, err := nd.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	// One refused address is reported alone so callers can name the case.
	var be *BlockedError
	for _, e := range errs {
		if errors.As(e, &be) {
			return nil, be
		}
	}
	return nil, errors.Join(errs...)
}

// limitedBody fails a read past the limit instead of truncating silently, so
// a cut answer is never taken for a whole one.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Allow a clean EOF exactly at the limit.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
