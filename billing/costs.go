package billing

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// ErrInsufficientCredits is returned (wrapped) when a workspace cannot pay for
// the work it asks for. Routes answer it with 402 Payment Required
// (tenancy.APIError), naming the need and the balance of a [*ShortError].
var ErrInsufficientCredits = errors.New("not enough credits")

// ShortError is the shortfall itself: Need credits were asked for and the
// workspace has Balance. It wraps ErrInsufficientCredits. The route error
// mapper builds its answer from the two numbers, never from the text, so the
// message is not doubled however often the error was wrapped.
type ShortError struct {
	Need    int
	Balance int
}

func (e *ShortError) Error() string {
	return fmt.Sprintf("%s: this needs %d credits and the workspace has %d", ErrInsufficientCredits, e.Need, e.Balance)
}

func (e *ShortError) Unwrap() error { return ErrInsufficientCredits }

// Afford returns a *ShortError when tenant's balance is below need. Callers
// that queue several jobs check the whole request with it first, so the answer
// names what the whole request needs rather than the job that ran out.
func Afford(app core.App, tenantId string, need int) error {
	if need <= 0 {
		return nil
	}
	b, err := GetBalance(app, tenantId)
	if err != nil {
		return err
	}
	if b.Total() < need {
		return &ShortError{Need: need, Balance: max(b.Total(), 0)}
	}
	return nil
}

// ForRequest restates a shortfall met by one of several reservations as the
// whole request's: need credits against the balance now (the failed
// transaction has rolled the earlier reservations back). Other errors pass
// through unchanged.
func ForRequest(app core.App, tenantId string, need int, err error) error {
	if !errors.Is(err, ErrInsufficientCredits) {
		return err
	}
	b, berr := GetBalance(app, tenantId)
	if berr != nil {
		return err
	}
	return &ShortError{Need: need, Balance: max(b.Total(), 0)}
}

// Billable actions.
const (
	ActionClustering = "clustering"
	ActionIdea       = "idea"
	ActionArticle    = "article"
	ActionImage      = "image"
	ActionReparse    = "reparse"
	ActionPublish    = "publish"
	// ActionSiteIndex reads a site's posts and pages into the site index.
	ActionSiteIndex = "site_index"
	// ActionOverlapCheck is the cannibalisation check of an idea or article.
	ActionOverlapCheck = "overlap_check"
	// ActionRefresh rewrites a published post's sections (the Optimizer).
	ActionRefresh = "refresh"
	// ActionLinking is the Linker: suggestions are lexical, insertion goes
	// through the publisher; neither calls the AI.
	ActionLinking = "linking"
)

// Price is one row of the cost table: Credits per Per units of an action.
type Price struct {
	Action  string `json:"action"`
	Credits int    `json:"credits"`
	Per     int    `json:"per"`
	Unit    string `json:"unit"`
	Note    string `json:"note"`
}

// Prices is the one cost table in code (docs/JOBS.md "Credits"); the
// UI previews costs from GET /api/igny8/costs, which serves exactly this.
var Prices = []Price{
	{ActionClustering, 1, 30, "keyword", "1 credit per started batch of 30 keywords"},
	{ActionIdea, 1, 1, "idea", "1 credit per idea"},
	{ActionArticle, 3, 1, "article", "3 credits per article"},
	{ActionImage, 1, 1, "image", "1 credit per image"},
	{ActionReparse, 1, 1, "article", "1 credit per reparse"},
	{ActionPublish, 0, 1, "post", "publishing is free"},
	{ActionSiteIndex, 0, 1, "site", "reading the site's posts and pages into the site index is free"},
	{ActionOverlapCheck, 0, 1, "check", "the cannibalisation check of ideas and articles is included (its embeddings are not billed)"},
	{ActionRefresh, 2, 1, "post", "2 credits per refreshed post (sections rewritten as a new version)"},
	{ActionLinking, 0, 1, "link", "internal links are free: suggested without AI, inserted by the publisher"},
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
