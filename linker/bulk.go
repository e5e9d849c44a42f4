package linker

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// MaxBulkLinks is the most links one bulk request names: a page of the
// site's links table.
const MaxBulkLinks = 100

// BulkRequest is the bulk route's body: one decision on the links of tenant
// named by ids (the checked rows of a page).
type BulkRequest struct {
	Tenant string   `json:"tenant"`
	Action string   `json:"action"`
	Ids    []string `json:"ids"`
}

// BulkSkip is a named link the decision did not apply to, with the reason.
type BulkSkip struct {
	Id     string `json:"id"`
	Reason string `json:"reason"`
}

// BulkResult answers the bulk route: the links decided (their new status by
// id), the ones skipped, and the apply jobs queued (one per source article,
// however many of its links were named).
type BulkResult struct {
	Action  string            `json:"action"`
	Done    map[string]string `json:"done"`
	Skipped []BulkSkip        `json:"skipped"`
	Jobs    []string          `json:"jobs"`
}

func (r BulkRequest) validate() error {
	errs := validation.Errors{}
	if r.Tenant == "" {
		errs["tenant"] = validation.NewError("validation_required", "Cannot be blank.")
	}
	if !slices.Contains(Actions, r.Action) {
		errs["action"] = validation.NewError("validation_in_invalid", "One of approve, reject, remove.")
	}
	if len(r.Ids) == 0 || len(r.Ids) > MaxBulkLinks {
		errs["ids"] = validation.NewError("validation_length_out_of_range", fmt.Sprintf("1 to %d link ids.", MaxBulkLinks))
	}
	if len(errs) > 0 {
		return apis.NewBadRequestError("Some values are invalid.", errs)
	}
	return nil
}

// bulkRoute makes one decision on many links in one call (editor+ of the
// body's workspace): each named link of that workspace is decided as its own
// route would (decide), a link whose state does not allow it is skipped with
// the reason, an id of another workspace or of no link is skipped as not
// found, and each source article whose text changes gets one apply job. The
// decisions and the jobs are one transaction.
func bulkRoute(e *core.RequestEvent) error {
	var req BulkRequest
	if err := e.BindBody(&req); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	if err := req.validate(); err != nil {
		return err
	}
	if _, err := tenancy.RequireWrite(e, req.Tenant, collections.RoleEditor); err != nil {
		return err
	}
	res, err := Bulk(e.App, req, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusOK, res)
}

// Bulk carries out req for member by (see bulkRoute); the caller checked the
// role.
func Bulk(app core.App, req BulkRequest, by string) (BulkResult, error) {
	res := BulkResult{Action: req.Action, Done: map[string]string{}, Skipped: []BulkSkip{}, Jobs: []string{}}
	err := app.RunInTransaction(func(tx core.App) error {
		links, err := tx.FindRecordsByIds(collections.InternalLinks, req.Ids, func(q *dbx.SelectQuery) error {
			q.AndWhere(dbx.HashExp{"tenant": req.Tenant})
			return nil
		})
		if err != nil {
			return fmt.Errorf("links of %s: %w", req.Tenant, err)
		}
		byId := make(map[string]*core.Record, len(links))
		for _, l := range links {
			byId[l.Id] = l
		}
		var sources []*core.Record
		seen, named := map[string]bool{}, map[string]bool{}
		for _, id := range req.Ids {
			if named[id] {
				continue
			}
			named[id] = true
			link := byId[id]
			if link == nil {
				res.Skipped = append(res.Skipped, BulkSkip{Id: id, Reason: "Not found."})
				continue
			}
			source, err := decide(tx, link, req.Action, by)
			var state *tenancy.StateError
			switch {
			case errors.As(err, &state):
				res.Skipped = append(res.Skipped, BulkSkip{Id: id, Reason: state.Msg})
				continue
			case err != nil:
				return err
			}
			res.Done[id] = link.GetString("status")
			if source != nil && !seen[source.Id] {
				seen[source.Id] = true
				sources = append(sources, source)
			}
		}
		for _, s := range sources {
			job, err := EnqueueApply(tx, s, by)
			if err != nil {
				return err
			}
			res.Jobs = append(res.Jobs, job.Id)
		}
		return nil
	})
	if err != nil {
		return BulkResult{}, err
	}
	return res, nil
}
