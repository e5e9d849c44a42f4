package wordpress

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/igny8/igny8/tools/wpclient"
)

// RouteLegacyExport is the Bridge plugin's move-in export (plugin 1.3.0,
// includes/export.php): the old IGNY8 plugin's data, read page by page for
// sites whose database igny8 cannot reach (docs/MIGRATING.md).
const RouteLegacyExport = "/igny8/v1/legacy-export"

// ErrExportUnsupported means the site's Bridge plugin has no export route
// (older than 1.3.0): the owner updates the plugin, or imports through the
// database instead.
var ErrExportUnsupported = errors.New("the site's igny8 Bridge plugin is older than 1.3.0 and has no move-in export: update it")

// exportPosts is how many post ids one posts_by_id call names (the plugin's cap).
const exportPostsByID = 500

// Cell is one exported value: text, or NULL (Null). The plugin sends bytes
// that are not UTF-8 as {"base64": …}; Cell decodes them back to the same
// bytes, so the import repairs double-encoded text exactly as it does when it
// reads the database itself.
type Cell struct {
	Text string
	Null bool
}

// UnmarshalJSON reads null, a string, a number or {"base64": "…"}.
func (c *Cell) UnmarshalJSON(b []byte) error {
	*c = Cell{}
	switch {
	case string(b) == "null":
		c.Null = true
		return nil
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, &c.Text)
	case len(b) > 0 && b[0] == '{':
		var v struct {
			Base64 *string `json:"base64"`
		}
		if err := json.Unmarshal(b, &v); err != nil || v.Base64 == nil {
			return fmt.Errorf("export cell: an object without base64")
		}
		raw, err := base64.StdEncoding.DecodeString(*v.Base64)
		if err != nil {
			return fmt.Errorf("export cell: %w", err)
		}
		c.Text = string(raw)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("export cell: not text, a number or null: %w", err)
	}
	c.Text = n.String()
	return nil
}

// ExportDescription is the plugin's describe answer: the site's table
// prefix and database, its tables (names without the prefix, lower case),
// the old plugin's posts per post type, and the plugin's page bounds.
type ExportDescription struct {
	Prefix    string         `json:"prefix"`
	Database  string         `json:"database"`
	Tables    []string       `json:"tables"`
	PostTypes map[string]int `json:"post_types"`
	MaxRows   int            `json:"max_rows"`
	PageBytes int            `json:"page_bytes"`
}

// ExportPost is one post of the export: its columns, and (posts of the old
// plugin's types only) its _igny8_* meta in meta_id order and its igny8_*
// terms as [taxonomy, name] in name order.
type ExportPost struct {
	ID       Cell      `json:"id"`
	Title    Cell      `json:"title"`
	Content  Cell      `json:"content"`
	Status   Cell      `json:"status"`
	PostType Cell      `json:"post_type"`
	Slug     Cell      `json:"slug"`
	Date     Cell      `json:"date"`
	Meta     [][2]Cell `json:"meta"`
	Terms    [][2]Cell `json:"terms"`
}

// ExportOption is one of the old plugin's options (never the Bridge's own).
type ExportOption struct {
	ID    Cell `json:"id"`
	Name  Cell `json:"name"`
	Value Cell `json:"value"`
}

// LegacyExport is one read of the old plugin's data through the Bridge:
// the description it started with and the pages it reads after it. Every
// page is one signed call; a failed page fails the read (the import is one
// batch: it is run again, never resumed half-way).
type LegacyExport struct {
	ExportDescription
	t *BridgeTransport
	// Limit is the rows asked for per page (the plugin's max_rows).
	Limit int
	// Pages counts the calls made, describe included (the batch's report
	// says how many requests the read took).
	Pages int
}

// LegacyExport asks the plugin to describe the old plugin's data. A plugin
// without the export route (older than 1.3.0) gives ErrExportUnsupported.
func (t *BridgeTransport) LegacyExport(ctx context.Context) (*LegacyExport, error) {
	x := &LegacyExport{t: t}
	if err := x.call(ctx, map[string]any{"op": "describe"}, &x.ExportDescription); err != nil {
		return nil, err
	}
	x.Limit = x.MaxRows
	if x.Limit <= 0 || x.Limit > 1000 {
		x.Limit = 1000
	}
	return x, nil
}

func (x *LegacyExport) call(ctx context.Context, body map[string]any, out any) error {
	x.Pages++
	_, err := x.t.c.Do(ctx, x.t.signed(http.MethodPost, RouteLegacyExport, body), out)
	var ae *wpclient.APIError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound && ae.Code == "rest_no_route" {
		return fmt.Errorf("%w (%w)", ErrExportUnsupported, err)
	}
	return err
}

// Table reads the igny8_* table name page by page (by id, or by primary
// key), calling fn with its columns (lower case) and each row.
func (x *LegacyExport) Table(ctx context.Context, name string, fn func(columns []string, row []Cell) error) error {
	var after *string
	for {
		body := map[string]any{"op": "table", "table": name, "limit": x.Limit}
		if after != nil {
			body["after"] = *after
		}
		var page struct {
			Columns []string `json:"columns"`
			Rows    [][]Cell `json:"rows"`
			More    bool     `json:"more"`
			After   *string  `json:"after"`
		}
		if err := x.call(ctx, body, &page); err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		for _, r := range page.Rows {
			if len(r) != len(page.Columns) {
				return fmt.Errorf("export %s: a row of %d cells for %d columns", name, len(r), len(page.Columns))
			}
			if err := fn(page.Columns, r); err != nil {
				return err
			}
		}
		if !page.More || page.After == nil || len(page.Rows) == 0 {
			return nil
		}
		after = page.After
	}
}

// Posts reads the old plugin's posts of the given post types by ID, each
// with its meta and terms.
func (x *LegacyExport) Posts(ctx context.Context, types []string, fn func(p ExportPost) error) error {
	return x.posts(ctx, map[string]any{"op": "posts", "types": types}, fn)
}

// PostsByID reads the posts with these ids (any type, without meta): the
// WordPress posts the old plugin's content is linked to. Ids that name no
// post are left out of the answer.
func (x *LegacyExport) PostsByID(ctx context.Context, ids []int64, fn func(p ExportPost) error) error {
	for start := 0; start < len(ids); start += exportPostsByID {
		chunk := ids[start:min(start+exportPostsByID, len(ids))]
		if err := x.posts(ctx, map[string]any{"op": "posts_by_id", "ids": chunk}, fn); err != nil {
			return err
		}
	}
	return nil
}

func (x *LegacyExport) posts(ctx context.Context, body map[string]any, fn func(p ExportPost) error) error {
	after := 0
	for {
		body["after_id"], body["limit"] = after, x.Limit
		var page struct {
			Posts   []ExportPost `json:"posts"`
			More    bool         `json:"more"`
			AfterID *int         `json:"after_id"`
		}
		if err := x.call(ctx, body, &page); err != nil {
			return fmt.Errorf("export posts: %w", err)
		}
		for _, p := range page.Posts {
			if err := fn(p); err != nil {
				return err
			}
		}
		if !page.More || page.AfterID == nil || *page.AfterID <= after || len(page.Posts) == 0 {
			return nil
		}
		after = *page.AfterID
	}
}

// Options reads the old plugin's igny8_* options by option_id. The OpenAI
// key's value (igny8_api_key) comes only withAPIKey; otherwise it is NULL.
func (x *LegacyExport) Options(ctx context.Context, withAPIKey bool, fn func(o ExportOption) error) error {
	after := 0
	for {
		body := map[string]any{"op": "options", "after_id": after, "limit": x.Limit, "with_api_key": withAPIKey}
		var page struct {
			Options []ExportOption `json:"options"`
			More    bool           `json:"more"`
			AfterID *int           `json:"after_id"`
		}
		if err := x.call(ctx, body, &page); err != nil {
			return fmt.Errorf("export options: %w", err)
		}
		for _, o := range page.Options {
			if err := fn(o); err != nil {
				return err
			}
		}
		// a page of the Bridge's own options only is empty and still moves on
		if !page.More || page.AfterID == nil || *page.AfterID <= after {
			return nil
		}
		after = *page.AfterID
	}
}
