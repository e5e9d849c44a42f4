package jobs

import "github.com/pocketbase/pocketbase/core"

// Picks exposes a claim's two halves to the external tests, so a test can
// interleave two engines between the read and the guarded save.
type Picks []claim

// PickForTest reads up to n jobs e would claim, without claiming them.
func (e *Engine) PickForTest(n int) (Picks, error) {
	p, err := e.pick(n, true)
	return Picks(p), err
}

// ClaimPicksForTest claims p in one transaction and reports how many e got.
func (e *Engine) ClaimPicksForTest(p Picks) (int, error) {
	var claimed []claim
	err := e.app.RunInTransaction(func(tx core.App) error {
		var err error
		claimed, err = e.claimPicks(tx, p)
		return err
	})
	e.book(claimed)
	return len(claimed), err
}
