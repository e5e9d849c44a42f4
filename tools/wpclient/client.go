package wpclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/igny8/igny8/tools/safehttp"
)

// Conn is what a client needs to reach one site.
type Conn struct {
	// Key identifies the site for throttling (the site record id).
	Key          string
	URL          string
	Username     string
	AppPassword  string
	BridgeSecret string
	// Net overrides the guarded client's settings (tests inject a resolver);
	// nil reads the operator's allowance from the environment. There is no
	// way to hand in an unguarded client: the site URL is user input.
	Net *safehttp.Config
	// Timeout per request, body included; 0 means DefaultTimeout.
	Timeout time.Duration
	// HeaderTimeout bounds the wait for WordPress to start answering once a
	// request is sent (a site that accepts and hangs); 0 means DefaultHeaderTimeout.
	HeaderTimeout time.Duration
	// OnBreak is called when this site's breaker opens.
	OnBreak func()
	// NoRetry turns off retries (the connection check wants a quick answer).
	NoRetry bool
}

// Client speaks to one WordPress site: the core REST API with an Application
// Password and the igny8 bridge plugin's signed routes. It throttles through
// the site's Gate, retries 429/503 with backoff (honouring Retry-After), and
// falls back to ?rest_route= when /wp-json/ is not routed (plain permalinks).
type Client struct {
	conn      Conn
	http      *resty.Client
	gate      *Gate
	restRoute atomic.Bool
	// netErr is a malformed operator allowance: every request fails with it.
	netErr                 error
	timeout, headerTimeout time.Duration
}

// Per-request time bounds. A whole request may take DefaultTimeout (a media
// upload to a slow host); WordPress must start answering within
// DefaultHeaderTimeout of receiving it, so a hanging site is named within
// seconds of the step that waits, not after the job's own deadline.
const (
	DefaultTimeout       = 60 * time.Second
	DefaultHeaderTimeout = 30 * time.Second
)

// APIError is a non-2xx answer from WordPress with its REST error code.
type APIError struct {
	Method, Route string
	Status        int
	// Code and Message are those of a WordPress-shaped error answer,
	// validated and cut (client_answer.go); other answers leave them empty.
	Code, Message string
	// Foreign describes an answer that is not a WordPress error (status,
	// content type, size), without repeating it.
	Foreign string
	// Hint says in plain words what to do, when igny8 knows.
	Hint string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	if e.Foreign != "" {
		msg = "the site answered " + e.Foreign + ", not a WordPress REST API error"
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	if e.Code != "" {
		return fmt.Sprintf("wordpress %s %s: %d %s: %s", e.Method, e.Route, e.Status, e.Code, msg)
	}
	return fmt.Sprintf("wordpress %s %s: %d %s", e.Method, e.Route, e.Status, msg)
}

// ErrBadAllowance marks a malformed operator allowance (EnvAllowPrivateHosts).
var ErrBadAllowance = errors.New("the operator's allowance of private addresses is malformed")

// HintUnauthorized explains a 401 from core REST.
const HintUnauthorized = "WordPress did not accept the username and application password, or the host strips the Authorization header: run the connection check"

// Temporary reports whether retrying later may succeed (server errors, rate
// limits, timeouts) as opposed to wrong credentials or bad input.
func (e *APIError) Temporary() bool {
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout || e.Status == http.StatusConflict
}

// IsTemporary reports whether err is worth retrying later.
func IsTemporary(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Temporary()
	}
	return err != nil
}

// NewClient builds a client for conn.
func NewClient(conn Conn) *Client {
	var netErr error
	cfg := safehttp.Config{}
	if conn.Net != nil {
		cfg = *conn.Net
	} else if cfg, netErr = safehttp.FromEnv(); netErr != nil {
		cfg = safehttp.Config{} // refuse every private address until the value is fixed
	}
	timeout := conn.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	cfg.Timeout = timeout
	cfg.HeaderTimeout = conn.HeaderTimeout
	if cfg.HeaderTimeout == 0 {
		cfg.HeaderTimeout = DefaultHeaderTimeout
	}
	r := resty.NewWithClient(safehttp.NewClient(cfg)).
		SetTimeout(timeout).
		SetDisableWarn(true).     // plain HTTP is reported by the connection check instead
		SetLogger(quietLogger{}). // errors are returned and recorded, not logged per attempt
		SetHeader("User-Agent", "igny8/1 (+https://igny8.com)").
		SetHeader("Accept", "application/json").
		SetRetryCount(3).
		SetRetryWaitTime(2 * time.Second). // >= 1s so a re-signed retry gets a new timestamp
		SetRetryMaxWaitTime(20 * time.Second).
		AddRetryCondition(func(resp *resty.Response, err error) bool {
			if resp != nil && (resp.StatusCode() == http.StatusTooManyRequests || resp.StatusCode() == http.StatusServiceUnavailable) {
				return true
			}
			// Only reads are retried on network errors: a POST that timed out may
			// have been applied, and the publish steps find it on the next run.
			// A refused address or a hang repeats itself: the job's backoff
			// retries those, not the client within one step.
			if err != nil && (errors.Is(err, safehttp.ErrBlocked) || errors.Is(err, safehttp.ErrScheme) ||
				errors.Is(err, safehttp.ErrTooLarge) || errors.Is(err, safehttp.ErrTooManyRedirects) || isTimeout(err)) {
				return false
			}
			return err != nil && resp != nil && resp.Request != nil && resp.Request.Method == http.MethodGet
		}).
		SetRetryAfter(func(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
			if resp == nil {
				return 0, nil
			}
			if s, err := strconv.Atoi(resp.Header().Get("Retry-After")); err == nil && s > 0 && s <= 120 {
				return time.Duration(s) * time.Second, nil
			}
			return 0, nil
		})
	if conn.NoRetry {
		r.SetRetryCount(0)
	}
	key := conn.Key
	if key == "" {
		key = conn.URL
	}
	c := &Client{conn: conn, http: r, gate: GateFor(key), netErr: netErr, timeout: timeout, headerTimeout: cfg.HeaderTimeout}
	r.OnBeforeRequest(c.sign)
	return c
}

// Gate returns the site's throttle and breaker.
func (c *Client) Gate() *Gate { return c.gate }

// Key identifies the site for throttling (Conn.Key).
func (c *Client) Key() string { return c.conn.Key }

// HasPassword says the client signs in with an application password.
func (c *Client) HasPassword() bool { return c.conn.Username != "" && c.conn.AppPassword != "" }

// PostXMLRPC posts an XML-RPC call to the site's /xmlrpc.php through the
// same guarded client, without the site's gate or retries (the connection
// doctor's credentials probe).
func (c *Client) PostXMLRPC(ctx context.Context, body string) (*resty.Response, error) {
	return c.http.R().SetContext(ctx).SetHeader("Content-Type", "text/xml").SetBody(body).Post(c.URL() + "/xmlrpc.php")
}

// URL is the site's base URL.
func (c *Client) URL() string { return strings.TrimRight(c.conn.URL, "/") }

// RestRoute reports whether the client addresses the API as ?rest_route=.
func (c *Client) RestRoute() bool { return c.restRoute.Load() }

func (c *Client) endpoint(route string, restRoute bool) string {
	if restRoute {
		return c.URL() + "/?rest_route=" + route
	}
	return c.URL() + "/wp-json" + route
}

// Call is one API request. Auth: "basic" (application password), "signed"
// (bridge HMAC) or "" (anonymous). body is JSON-encoded unless it is []byte.
type Call struct {
	Method, Route string
	Query         map[string]string
	Body          any
	Headers       map[string]string
	Auth          string
}

// Do runs a request and decodes a 2xx JSON answer into out (when not nil).
func (c *Client) Do(ctx context.Context, cl Call, out any) (*resty.Response, error) {
	if c.netErr != nil {
		return nil, fmt.Errorf("wordpress %s %s: %w: %w", cl.Method, cl.Route, ErrBadAllowance, c.netErr)
	}
	if fn, ok := ctx.Value(waitingKey{}).(func(method, route string)); ok {
		fn(cl.Method, cl.Route)
	}
	release, err := c.gate.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	resp, err := c.do(ctx, cl, c.restRoute.Load())
	if err == nil && resp.StatusCode() == http.StatusNotFound && !c.restRoute.Load() && !isJSON(resp) {
		// /wp-json/ is not routed (plain permalinks or a server without
		// rewrites): WordPress answers the same route as ?rest_route=.
		if r2, err2 := c.do(ctx, cl, true); err2 == nil && isJSON(r2) {
			c.restRoute.Store(true)
			resp = r2
		}
	}
	failed := err != nil || resp.StatusCode() >= 500
	if ctx.Err() != nil {
		failed = false // our own deadline, not the site's fault
	}
	if c.gate.Record(failed) && c.conn.OnBreak != nil {
		c.conn.OnBreak()
	}
	if err != nil {
		if ctx.Err() != nil {
			// The caller gave up (the job's deadline, a cancel): say so plainly.
			return resp, fmt.Errorf("wordpress %s %s: %w", cl.Method, cl.Route, ctx.Err())
		}
		return resp, c.netError(cl, err)
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		return resp, apiErrorOf(cl, resp)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Body(), out); err != nil {
			return resp, &AnswerError{Method: cl.Method, Route: cl.Route, Status: resp.StatusCode(), ContentType: answerType(resp), Size: len(resp.Body()), Why: decodeFailure(err)}
		}
	}
	return resp, nil
}

func (c *Client) do(ctx context.Context, cl Call, restRoute bool) (*resty.Response, error) {
	var raw []byte
	switch b := cl.Body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			return nil, fmt.Errorf("encode body: %w", err)
		}
	}
	req := c.http.R().SetContext(ctx).SetQueryParams(cl.Query).SetHeaders(cl.Headers)
	if raw != nil {
		req.SetBody(raw)
		if _, ok := cl.Headers["Content-Type"]; !ok {
			req.SetHeader("Content-Type", "application/json")
		}
	}
	switch cl.Auth {
	case "basic":
		req.SetBasicAuth(c.conn.Username, c.conn.AppPassword)
	case "signed":
		// The middleware signs each attempt so a retry carries a fresh timestamp.
		req.SetContext(context.WithValue(ctx, signingKey{}, signing{cl.Method, cl.Route, raw}))
	}
	return req.Execute(cl.Method, c.endpoint(cl.Route, restRoute))
}

type waitingKey struct{}

// WithWaiting returns ctx with fn called before each request a client sends
// with it, so a job can show which WordPress request a slow step waits on.
func WithWaiting(ctx context.Context, fn func(method, route string)) context.Context {
	return context.WithValue(ctx, waitingKey{}, fn)
}

type signingKey struct{}

type signing struct {
	method, route string
	body          []byte
}

// sign is the resty middleware that adds the bridge signature headers.
func (c *Client) sign(_ *resty.Client, r *resty.Request) error {
	s, ok := r.Context().Value(signingKey{}).(signing)
	if !ok {
		return nil
	}
	if c.conn.BridgeSecret == "" {
		return errors.New("the site has no bridge secret: link it with the igny8 plugin first")
	}
	ts := time.Now().Unix()
	nonce, err := Nonce()
	if err != nil {
		return err
	}
	r.SetHeader(HeaderTimestamp, strconv.FormatInt(ts, 10))
	r.SetHeader(HeaderNonce, nonce)
	r.SetHeader(HeaderSignature, Sign(c.conn.BridgeSecret, s.method, s.route, ts, nonce, s.body))
	return nil
}

// TimeoutError is a request WordPress did not answer in time. It is a
// net.Error, so a publish job retries it later with backoff.
type TimeoutError struct {
	Method, Route string
	After         time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("wordpress %s %s: the site did not answer within %s (it accepted the connection and then hung: the server may be overloaded or a plugin may block the request)", e.Method, e.Route, e.After)
}
func (e *TimeoutError) Timeout() bool   { return true }
func (e *TimeoutError) Temporary() bool { return true }

// netError turns a transport failure into an error that names the case
// without Go's wrapping: a refused address (not retried: classify sees no
// net.Error) or a timeout (retried), else the error as it came.
func (c *Client) netError(cl Call, err error) error {
	var be *safehttp.BlockedError
	switch {
	case errors.As(err, &be):
		return fmt.Errorf("wordpress %s %s: %w", cl.Method, cl.Route, be)
	case errors.Is(err, safehttp.ErrScheme), errors.Is(err, safehttp.ErrTooManyRedirects), errors.Is(err, safehttp.ErrTooLarge):
		return fmt.Errorf("wordpress %s %s: %w", cl.Method, cl.Route, unwrapURL(err))
	case isTimeout(err):
		after := c.timeout
		if strings.Contains(err.Error(), "timeout awaiting response headers") {
			after = c.headerTimeout // net/http's words for ResponseHeaderTimeout
		}
		return &TimeoutError{Method: cl.Method, Route: cl.Route, After: after}
	}
	return fmt.Errorf("wordpress %s %s: %w", cl.Method, cl.Route, err)
}

// isTimeout reports a timeout of the request itself (not the caller's
// context, which the job engine reports on its own).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURL drops net/url's `Get "http://...":` prefix around err.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isJSON(r *resty.Response) bool {
	return strings.Contains(r.Header().Get("Content-Type"), "json")
}

// quietLogger drops resty's per-attempt log lines.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
