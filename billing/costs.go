package billing

import (
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// ErrInsufficientCredits is returned (wrapped) when a workspace cannot pay for
// the work it asks for. Routes answer it with 402 Payment Required.
var ErrInsufficientCredits = errors.New("not enough credits")

// Billable actions.
const (
	ActionClustering = "clustering"
	ActionIdea       = "idea"
	ActionArticle    = "article"
	ActionImage      = "image"
	ActionReparse    = "reparse"
	ActionPublish    = "publish"
)

// Price is one row of the cost table: Credits per Per units of an action.
type Price struct {
	Action  string `json:"action"`
	Credits int    `json:"credits"`
	Per     int    `json:"per"`
	Unit    string `json:"unit"`
	Note    string `json:"note"`
}

// Prices is the one cost table in code (DESIGN.md "Credits and billing"); the
// UI previews costs from GET /api/igny8/costs, which serves exactly this.
var Prices = []Price{
	{ActionClustering, 1, 30, "keyword", "1 credit per started batch of 30 keywords"},
	{ActionIdea, 1, 1, "idea", "1 credit per idea"},
	{ActionArticle, 3, 1, "article", "3 credits per article"},
	{ActionImage, 1, 1, "image", "1 credit per image"},
	{ActionReparse, 1, 1, "article", "1 credit per reparse"},
	{ActionPublish, 0, 1, "post", "publishing is free"},
}

// Cost returns the credits qty units of action cost, rounding partial batches
// up (31 keywords cost 2 credits). Unknown actions and qty <= 0 cost nothing;
// callers pass a known action constant.
func Cost(action string, qty int) int {
	if qty <= 0 {
		return 0
	}
	for _, p := range Prices {
		if p.Action == action {
			return (qty + p.Per - 1) / p.Per * p.Credits
		}
	}
	return 0
}

// costsRoute serves the cost table; it is public data (the pricing page shows it).
func costsRoute(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, map[string]any{"items": Prices})
}
