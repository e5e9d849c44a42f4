package wpclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// MaxPageBytes bounds one page or sitemap igny8 reads from a site for the
// index (the guarded client's own bound is larger, for media uploads).
const MaxPageBytes = 4 << 20

// GetPage reads one public page of the site (a sitemap, a post's HTML) at
// rawURL, which must be on the site's own host: a sitemap naming other hosts
// does not make igny8 read them. It goes through the same guarded client,
// throttle and breaker as every request to the site, anonymously.
func (c *Client) GetPage(ctx context.Context, rawURL string) ([]byte, error) {
	if c.netErr != nil {
		return nil, fmt.Errorf("wordpress GET page: %w: %w", ErrBadAllowance, c.netErr)
	}
	u, err := url.Parse(rawURL)
	base, berr := url.Parse(c.URL())
	if err != nil || berr != nil || !strings.EqualFold(u.Host, base.Host) || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("wordpress GET page: %q is not an address of the site %s", rawURL, c.URL())
	}
	cl := Call{Method: http.MethodGet, Route: u.Path}
	release, err := c.gate.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	resp, err := c.http.R().SetContext(ctx).SetHeader("Accept", "text/html,application/xml;q=0.9,*/*;q=0.5").Get(u.String())
	failed := err != nil || (resp != nil && resp.StatusCode() >= 500)
	if ctx.Err() != nil {
		failed = false
	}
	if c.gate.Record(failed) && c.conn.OnBreak != nil {
		c.conn.OnBreak()
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("wordpress GET %s: %w", u.Path, ctx.Err())
		}
		return nil, c.netError(cl, err)
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		return nil, apiErrorOf(cl, resp)
	}
	if len(resp.Body()) > MaxPageBytes {
		return nil, fmt.Errorf("wordpress GET %s: the page has %d bytes, more than the index reads (%d)", u.Path, len(resp.Body()), MaxPageBytes)
	}
	return resp.Body(), nil
}
