package planner

import (
	"fmt"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// KeywordStatuses are the values of keywords.status.
var KeywordStatuses = []string{"new", "clustered", "in_use", "archived"}

// ClusterNone is the KeywordFilter.Cluster value that matches keywords in no cluster.
const ClusterNone = "none"

// KeywordFilter is the keywords table's filter, as the web app keeps it in the
// URL. The app lists the page through the collections API with the filter
// string [KeywordFilter.Filter] builds, and a bulk action on "all matching"
// sends the same struct: the server resolves the same string through
// PocketBase's own filter resolver, so the rows acted on are exactly the rows
// the table counts (planner/testdata/keyword_filters.json holds the strings
// both sides must build). Unset fields do not filter.
type KeywordFilter struct {
	Site      string   `json:"site,omitempty"`
	Search    string   `json:"search,omitempty"`
	VolumeMin *float64 `json:"volumeMin,omitempty"`
	VolumeMax *float64 `json:"volumeMax,omitempty"`
	KDMin     *float64 `json:"kdMin,omitempty"`
	KDMax     *float64 `json:"kdMax,omitempty"`
	Intent    string   `json:"intent,omitempty"`
	Status    string   `json:"status,omitempty"`
	Cluster   string   `json:"cluster,omitempty"` // a cluster id, or ClusterNone
	Source    string   `json:"source,omitempty"`
}

// Filter returns the PocketBase filter of f within tenant: a fixed template
// (field names are never taken from the request) and its parameters.
func (f KeywordFilter) Filter(tenant string) (string, dbx.Params) {
	parts := []string{"tenant = {:tenant}"}
	params := dbx.Params{"tenant": tenant}
	add := func(cond, name string, v any) {
		parts = append(parts, cond)
		params[name] = v
	}
	if f.Site != "" {
		add("site = {:site}", "site", f.Site)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		add("keyword ~ {:search}", "search", s)
	}
	if f.VolumeMin != nil {
		add("volume >= {:volumeMin}", "volumeMin", *f.VolumeMin)
	}
	if f.VolumeMax != nil {
		add("volume <= {:volumeMax}", "volumeMax", *f.VolumeMax)
	}
	if f.KDMin != nil {
		add("difficulty >= {:kdMin}", "kdMin", *f.KDMin)
	}
	if f.KDMax != nil {
		add("difficulty <= {:kdMax}", "kdMax", *f.KDMax)
	}
	if f.Intent != "" {
		add("intent = {:intent}", "intent", f.Intent)
	}
	if f.Status != "" {
		add("status = {:status}", "status", f.Status)
	}
	switch f.Cluster {
	case "":
	case ClusterNone:
		parts = append(parts, "cluster = ''")
	default:
		add("cluster = {:cluster}", "cluster", f.Cluster)
	}
	if f.Source != "" {
		add("source = {:source}", "source", f.Source)
	}
	return strings.Join(parts, " && "), params
}

// Validate reports the filter's invalid values as field errors.
func (f KeywordFilter) Validate() error {
	errs := validation.Errors{}
	if f.Status != "" && !contains(KeywordStatuses, f.Status) {
		errs["status"] = validation.NewError("validation_invalid_value", "One of "+strings.Join(KeywordStatuses, ", ")+".")
	}
	if len(f.Search) > 500 {
		errs["search"] = validation.NewError("validation_length_too_long", "At most 500 characters.")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Expression resolves f within tenant into a WHERE expression on the
// keywords table (columns qualified as keywords.*), through the same
// resolver the collections API uses.
func (f KeywordFilter) Expression(app core.App, tenant string) (dbx.Expression, error) {
	col, err := app.FindCachedCollectionByNameOrId(collections.Keywords)
	if err != nil {
		return nil, err
	}
	raw, params := f.Filter(tenant)
	expr, err := search.FilterData(raw).BuildExpr(core.NewRecordFieldResolver(app, col, nil, false), params)
	if err != nil {
		return nil, fmt.Errorf("keyword filter: %w", err)
	}
	return expr, nil
}
