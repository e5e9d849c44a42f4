package wpimport

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
)

// Errors of OpenBridge.
var (
	// ErrNotBridge: the site is not linked through the Bridge plugin, so
	// there is no export to read (link it, or import through --dsn).
	ErrNotBridge = errors.New("the site is not linked through the igny8 Bridge plugin")
	// ErrBridgeUnreachable: the plugin did not answer the export's describe
	// as expected (it is too old — ErrExportUnsupported is wrapped then — or
	// the site is down, or refused the signature).
	ErrBridgeUnreachable = errors.New("the site's Bridge plugin did not answer the move-in export")
)

// BridgeSource reads the old plugin's data through the linked Bridge
// plugin's export (wordpress.LegacyExport): the same rows DBSource reads from
// the database, page by page, each page a signed request through the site's
// guarded client.
type BridgeSource struct {
	x      *wordpress.LegacyExport
	url    string
	tables map[string]bool
}

// OpenBridge asks the Bridge plugin of site (linked, checked) to describe the
// old plugin's data. ErrNotBridge: the site publishes through core REST;
// wordpress.ErrSiteNotChecked / ErrSiteDisconnected: the site's state allows
// no request; ErrBridgeUnreachable (wrapping the reason): the plugin did not
// describe.
func OpenBridge(ctx context.Context, app core.App, site *core.Record) (*BridgeSource, error) {
	if site.GetString("transport") != "bridge" {
		return nil, ErrNotBridge
	}
	t, err := wordpress.TransportOf(app, site)
	if err != nil {
		return nil, err // not checked or disconnected: the site's own state errors
	}
	bt, ok := t.(*wordpress.BridgeTransport)
	if !ok {
		return nil, ErrNotBridge
	}
	x, err := bt.LegacyExport(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBridgeUnreachable, err)
	}
	s := &BridgeSource{x: x, url: bt.Client().URL(), tables: map[string]bool{}}
	for _, name := range x.Tables {
		s.tables[strings.ToLower(name)] = true
	}
	return s, nil
}

// Describe names the site, its database and prefix as the plugin reports them.
func (s *BridgeSource) Describe() string {
	return fmt.Sprintf("bridge %s (database %s prefix %s)", s.url, s.x.Database, s.x.Prefix)
}

// Has reports whether the site has the table.
func (s *BridgeSource) Has(table string) bool { return s.tables[table] }

// Close does nothing: every page was its own request.
func (s *BridgeSource) Close() error { return nil }

// Pages is how many requests the read took so far (describe included).
func (s *BridgeSource) Pages() int { return s.x.Pages }

func (s *BridgeSource) postTypeCounts(context.Context) (map[string]int, error) {
	out := map[string]int{}
	for typ, n := range s.x.PostTypes {
		if g := groupOf(typ); g != "" {
			out[g] += n
		}
	}
	return out, nil
}

// read runs one paged read: an error of the export itself (not of fn, the
// importer's) is marked ErrBridgeUnreachable, so the routes answer it as the
// site's failure.
func read(ctx context.Context, fn func(r row) error, pages func(emit func(r row) error) error) error {
	var fnErr error
	err := pages(func(r row) error {
		fnErr = fn(r)
		return fnErr
	})
	if err != nil && fnErr == nil && ctx.Err() == nil {
		return fmt.Errorf("%w: %w", ErrBridgeUnreachable, err)
	}
	return err
}

func (s *BridgeSource) scanTable(ctx context.Context, table string, fn func(r row) error) error {
	return read(ctx, fn, func(emit func(r row) error) error {
		return s.x.Table(ctx, table, func(cols []string, cells []wordpress.Cell) error {
			r := make(row, len(cols))
			for i, c := range cols {
				if !cells[i].Null {
					r[strings.ToLower(c)] = cells[i].Text
				}
			}
			return emit(r)
		})
	})
}

// postRow is an exported post as DBSource reads one: its columns, meta keys
// without _igny8_, terms under "tax:<taxonomy>".
func postRow(p wordpress.ExportPost) row {
	r := row{}
	for k, c := range map[string]wordpress.Cell{"id": p.ID, "title": p.Title, "content": p.Content, "status": p.Status,
		"post_type": p.PostType, "slug": p.Slug, "date": p.Date} {
		if !c.Null {
			r[k] = c.Text
		}
	}
	for _, m := range p.Meta {
		if !m[0].Null { // a NULL value reads as "", as the database import reads it
			r[strings.TrimPrefix(m[0].Text, "_igny8_")] = m[1].Text
		}
	}
	for _, tm := range p.Terms {
		k := "tax:" + tm[0].Text
		if r[k] != "" {
			r[k] += "|"
		}
		r[k] += tm[1].Text
	}
	return r
}

func (s *BridgeSource) scanPosts(ctx context.Context, group string, fn func(r row) error) error {
	return read(ctx, fn, func(emit func(r row) error) error {
		return s.x.Posts(ctx, postTypes[group], func(p wordpress.ExportPost) error { return emit(postRow(p)) })
	})
}

func (s *BridgeSource) posts(ctx context.Context, ids []int64, fn func(r row) error) error {
	if len(ids) == 0 {
		return nil
	}
	return read(ctx, fn, func(emit func(r row) error) error {
		return s.x.PostsByID(ctx, ids, func(p wordpress.ExportPost) error { return emit(postRow(p)) })
	})
}

func (s *BridgeSource) options(ctx context.Context, withAPIKey bool, fn func(r row) error) error {
	return read(ctx, fn, func(emit func(r row) error) error {
		return s.x.Options(ctx, withAPIKey, func(o wordpress.ExportOption) error {
			r := row{}
			for k, c := range map[string]wordpress.Cell{"id": o.ID, "name": o.Name, "value": o.Value} {
				if !c.Null {
					r[k] = c.Text
				}
			}
			return emit(r)
		})
	})
}
