package planner

import (
	"errors"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// suggestionsRoute lists a site's merge and split suggestions (viewers and
// up; it changes nothing).
func suggestionsRoute(e *core.RequestEvent) error {
	siteId := e.Request.URL.Query().Get("site")
	if siteId == "" {
		return apis.NewBadRequestError("Missing site.", validation.Errors{"site": validation.NewError("validation_required", "Cannot be blank.")})
	}
	site, err := tenancy.RequireRecord(e.App, e.Auth, collections.Sites, siteId, collections.RoleViewer)
	if err != nil {
		return tenancy.APIError(err)
	}
	merges, splits, err := Suggestions(e.App, site.Id)
	if err != nil {
		return apis.NewInternalServerError("Computing suggestions failed.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"merge": merges, "split": splits})
}

// maintenanceError maps the maintenance errors to 400 with a field.
func maintenanceError(err error) error {
	for _, c := range []struct {
		err   error
		field string
	}{{ErrMergeSelf, "into"}, {ErrOtherSite, "into"}, {ErrNotActive, "cluster"}, {ErrNothingToSplit, "keywords"}} {
		if errors.Is(err, c.err) {
			return apis.NewBadRequestError("The clusters cannot be changed this way: "+c.err.Error()+".",
				validation.Errors{c.field: validation.NewError("igny8_cluster_"+c.field, c.err.Error())})
		}
	}
	return tenancy.APIError(err)
}

// mergeRoute merges cluster {id} into body.into (editors and up, both of
// the caller's workspace and site; a foreign cluster is 404).
func mergeRoute(e *core.RequestEvent) error {
	var body struct {
		Into string `json:"into"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	from, err := tenancy.RequireRecordWrite(e, collections.Clusters, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return err
	}
	if body.Into == "" {
		return apis.NewBadRequestError("Missing into.", validation.Errors{"into": validation.NewError("validation_required", "Cannot be blank.")})
	}
	into, err := tenancy.RequireRecordWrite(e, collections.Clusters, body.Into, collections.RoleEditor)
	if err != nil {
		return err
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		f, err := tx.FindRecordById(collections.Clusters, from.Id)
		if err != nil {
			return err
		}
		i, err := tx.FindRecordById(collections.Clusters, into.Id)
		if err != nil {
			return err
		}
		if err := MergeClusters(tx, f, i, tenancy.AuthId(e)); err != nil {
			return err
		}
		into = i
		return nil
	})
	if err != nil {
		return maintenanceError(err)
	}
	hooks.Audit(e.App, e.Auth, from.GetString("tenant"), "planner.cluster_merge", into, map[string]any{"from": from.Id, "into": into.Id})
	return e.JSON(http.StatusOK, into)
}

// splitRoute moves body.keywords of cluster {id} into a new cluster (named
// body.name or after its first keyword). Without keywords it takes the
// second part of the cluster's split suggestion.
func splitRoute(e *core.RequestEvent) error {
	var body struct {
		Keywords []string `json:"keywords"`
		Name     string   `json:"name"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	if len(body.Keywords) > MaxBulkIds {
		return apis.NewBadRequestError("Too many keywords.", validation.Errors{"keywords": validation.NewError("validation_length_out_of_range", "Too many.")})
	}
	c, err := tenancy.RequireRecordWrite(e, collections.Clusters, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return err
	}
	if len(body.Keywords) == 0 {
		_, splits, err := Suggestions(e.App, c.GetString("site"))
		if err != nil {
			return apis.NewInternalServerError("Computing suggestions failed.", err)
		}
		for _, s := range splits {
			if s.Cluster == c.Id {
				body.Keywords = s.Parts[1]
			}
		}
	}
	var part *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		cur, err := tx.FindRecordById(collections.Clusters, c.Id)
		if err != nil {
			return err
		}
		part, err = SplitCluster(tx, cur, body.Keywords, body.Name, tenancy.AuthId(e))
		return err
	})
	if err != nil {
		return maintenanceError(err)
	}
	hooks.Audit(e.App, e.Auth, c.GetString("tenant"), "planner.cluster_split", part, map[string]any{"from": c.Id, "keywords": len(body.Keywords)})
	return e.JSON(http.StatusOK, part)
}
