package exports

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Cleanup deletes every export whose expiry has passed on the jobs clock
// (PocketBase deletes the file with the record) and answers how many.
// Exports still queued or running carry a day more than TTL, so a stuck
// one goes too.
func Cleanup(app core.App) (int, error) {
	now := jobs.Now(app)
	recs, err := app.FindRecordsByFilter(collections.Exports, "expires != '' && expires < {:now}", "expires", 500, 0,
		dbx.Params{"now": now.Format("2006-01-02 15:04:05.000Z")})
	if err != nil {
		return 0, fmt.Errorf("find expired exports: %w", err)
	}
	n := 0
	for _, r := range recs {
		if err := app.Delete(r); err != nil {
			return n, fmt.Errorf("delete export %s: %w", r.Id, err)
		}
		n++
	}
	return n, nil
}
