package wordpress

import (
	"context"
	"net/http"
)

// RouteHandover is the Bridge plugin's move-in route (docs/MIGRATING.md).
const RouteHandover = "/igny8/v1/handover"

// Handover actions.
const (
	HandoverStatus  = "status"
	HandoverManage  = "manage"
	HandoverRelease = "release"
)

// HandoverResult is the plugin's answer: whether the site is managed by
// igny8 (since when, after which import batch), what this call took off
// wp-cron, and the old plugin's events still scheduled.
type HandoverResult struct {
	Managed     bool   `json:"managed"`
	Since       string `json:"since"`
	Batch       string `json:"batch"`
	Unscheduled struct {
		Hooks  []string `json:"hooks"`
		Events int      `json:"events"`
	} `json:"unscheduled"`
	LegacyCron []string `json:"legacy_cron"`
}

// Handover asks the linked Bridge plugin to switch the old IGNY8 plugin's
// scheduled events off and mark the site as managed by igny8 (manage), to
// undo that (release), or only to say where things stand (status).
func (t *BridgeTransport) Handover(ctx context.Context, action, batch string) (HandoverResult, error) {
	var out HandoverResult
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteHandover, map[string]any{"action": action, "batch": batch}), &out)
	if out.Unscheduled.Hooks == nil {
		out.Unscheduled.Hooks = []string{}
	}
	if out.LegacyCron == nil {
		out.LegacyCron = []string{}
	}
	return out, err
}
