package autopilot

import (
	"context"
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/overlap"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// maxReviewsPerWindow bounds how many finished drafts one images window sends
// to review.
const maxReviewsPerWindow = 50

// reviewable lists site's drafts the autopilot sends to review: written,
// never checked by the gates, with images and none of them still pending or
// generating (a failed image does not hold the article back; the featured
// image gate reports it).
func reviewable(app core.App, siteId string, limit int) ([]*core.Record, error) {
	var out []*core.Record
	err := app.RecordQuery(collections.Contents).
		AndWhere(dbx.HashExp{"site": siteId, "status": collections.ContentDraft}).
		AndWhere(dbx.NewExp("[[html]] != '' AND COALESCE([[gates]], '') IN ('', 'null')")).
		AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM {{" + collections.Images + "}} i WHERE i.[[content]] = {{" + collections.Contents + "}}.[[id]])")).
		AndWhere(dbx.NewExp("NOT EXISTS (SELECT 1 FROM {{" + collections.Images + "}} i WHERE i.[[content]] = {{" + collections.Contents + "}}.[[id]] AND i.[[status]] IN ('pending', 'generating', ''))")).
		OrderBy("created ASC").Limit(int64(limit)).All(&out)
	return out, err
}

// planReviews adds the review of every finished draft: the gates run, the
// verdict is stored in contents.gates, and the article moves to review — or
// to approved when the site auto-approves and every enabled gate passed.
func planReviews(app core.App, site *core.Record, pilot *Pilot, now time.Time, sp *stepPlanner) error {
	drafts, err := reviewable(app, site.Id, maxReviewsPerWindow)
	if err != nil {
		return fmt.Errorf("finished drafts: %w", err)
	}
	for _, c := range drafts {
		kind := "review"
		if pilot.AutoApprove {
			kind = "approve"
		}
		detail := map[string]any{"title": c.GetString("title")}
		sp.add(action{kind: kind, target: c, detail: detail,
			do: func(app core.App, _ string) (string, error) {
				r, status, err := reviewContent(app, c.Id, pilot, now)
				if err != nil || status == "" {
					return "", err
				}
				detail["to"], detail["failed"] = status, r.Failed
				return c.Id, nil
			}})
	}
	return nil
}

// reviewContent checks one draft and moves it on, returning the verdict and
// the new status ("" when a person moved the draft meanwhile).
func reviewContent(app core.App, id string, pilot *Pilot, now time.Time) (Review, string, error) {
	var r Review
	status := ""
	if !pilot.Gates.Cannibalisation.Off {
		// the overlap check may call the embeddings model: outside the write transaction
		c, err := app.FindRecordById(collections.Contents, id)
		if err != nil {
			return r, "", err
		}
		ctx, cancel := context.WithTimeout(context.Background(), overlap.CheckTimeout)
		_, err = overlap.CheckContent(ctx, app, c)
		cancel()
		if err != nil {
			return r, "", fmt.Errorf("overlap check: %w", err)
		}
	}
	err := app.RunInTransaction(func(tx core.App) error {
		c, err := tx.FindRecordById(collections.Contents, id)
		if err != nil {
			return err
		}
		if c.GetString("status") != collections.ContentDraft {
			return nil
		}
		if r, err = Check(tx, c, pilot.Gates, now); err != nil {
			return err
		}
		status = collections.ContentReview
		if pilot.AutoApprove && r.Passed {
			status = collections.ContentApproved
		}
		c.Set("gates", r)
		c.Set("status", status)
		return tx.Save(c)
	})
	return r, status, err
}
