package wordpress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"

	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tools/wpclient"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	netErr := &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}
	cases := []struct {
		name      string
		err       error
		permanent bool
	}{
		{"401", &StepError{StepDraft, &wpclient.APIError{Status: 401}}, true},
		{"403 capability", &StepError{StepMedia, &wpclient.APIError{Status: 403, Code: "rest_cannot_create"}}, true},
		{"400 bad input", &wpclient.APIError{Status: 400}, true},
		{"500", &StepError{StepMedia, &wpclient.APIError{Status: 500}}, false},
		{"429", &wpclient.APIError{Status: 429}, false},
		{"connection refused in a step", &StepError{StepDraft, fmt.Errorf("wordpress POST /wp/v2/posts: %w", netErr)}, false},
		{"connection refused in sync", fmt.Errorf("read post changes: %w", netErr), false},
		{"degraded", &StepError{StepDraft, wpclient.ErrSiteDegraded}, false},
		{"timeout", fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{"nothing to unpublish", errors.New("content x has no WordPress post to unpublish"), true},
	}
	for _, c := range cases {
		if got := jobs.IsPermanent(classify(c.err)); got != c.permanent {
			t.Errorf("%s: permanent %v, want %v", c.name, got, c.permanent)
		}
	}
}
