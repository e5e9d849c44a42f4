package wordpress

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// JobIndex reads a site's published posts and pages into site_pages.
const JobIndex = "wordpress.index"

// ScheduleIndexing is the per-site schedule type that refreshes the site index.
const ScheduleIndexing = "indexing"

// IndexResult counts what one index run changed.
type IndexResult struct {
	Source string `json:"source"`
	// Listed is how many posts and pages the site lists; Read how many the
	// run read the text of (new or changed ones).
	Listed  int  `json:"listed"`
	Read    int  `json:"read"`
	Added   int  `json:"added"`
	Updated int  `json:"updated"`
	Removed int  `json:"removed"`
	More    bool `json:"more,omitempty"`
	// RESTRefused is why the sitemap was read instead of the REST API.
	RESTRefused string `json:"restRefused,omitempty"`
}

// indexKey is the PageKey of a stored index record.
func indexKey(r *core.Record) string {
	return PageKey(IndexedPage{WPID: r.GetInt("wp_id"), Kind: r.GetString("kind"), URL: r.GetString("url")})
}

// IndexSite refreshes the site's index: it lists the site's published posts
// and pages, reads the text of the new and changed ones, stores them, drops
// the ones the site no longer lists (only after a complete listing) and links
// each post to the igny8 content published as it. A re-run with nothing
// changed in WordPress reads only the listing (one request per 100 posts).
func IndexSite(ctx context.Context, app core.App, site *core.Record) (*IndexResult, error) {
	if err := RequireChecked(site); err != nil {
		return nil, err
	}
	conn, err := ConnOf(app, site)
	if err != nil {
		return nil, err
	}
	existing, err := app.FindAllRecords(collections.SitePages, dbx.HashExp{"site": site.Id})
	if err != nil {
		return nil, fmt.Errorf("load the site index: %w", err)
	}
	byKey := make(map[string]*core.Record, len(existing))
	for _, r := range existing {
		byKey[indexKey(r)] = r
	}
	l, err := ReadIndex(ctx, wpclient.NewClient(conn), func(key string) (Known, bool) {
		r, ok := byKey[key]
		if !ok {
			return Known{}, false
		}
		return Known{Modified: r.GetDateTime("modified_at").Time(), Indexed: r.GetDateTime("indexed_at").Time()}, true
	})
	if err != nil {
		return nil, err
	}
	posts, err := contentsByPost(app, site.Id)
	if err != nil {
		return nil, err
	}
	res := &IndexResult{Source: l.Source, Listed: len(l.Listed), Read: len(l.Pages), More: l.More, RESTRefused: l.RESTRefused}
	col, err := app.FindCachedCollectionByNameOrId(collections.SitePages)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	err = app.RunInTransaction(func(tx core.App) error {
		for _, p := range l.Pages {
			key := PageKey(p)
			r, ok := byKey[key]
			if !ok {
				r = core.NewRecord(col)
				r.Set("tenant", site.GetString("tenant"))
				r.Set("site", site.Id)
				byKey[key] = r
				res.Added++
			} else {
				res.Updated++
			}
			r.Load(map[string]any{"wp_id": p.WPID, "kind": p.Kind, "url": collections.Truncate(p.URL, collections.PageURLMax),
				"slug": p.Slug, "title": p.Title, "headings": nonNil(p.Headings), "categories": nonNil(p.Categories),
				"excerpt": p.Excerpt, "word_count": p.WordCount, "published_at": p.Published, "modified_at": p.Modified,
				"source": p.Source, "indexed_at": now})
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("save index page %s: %w", key, err)
			}
		}
		for key, r := range byKey {
			drop := !l.Listed[key] && (l.Complete || r.GetString("source") != l.Source)
			if drop && !r.IsNew() {
				if err := tx.Delete(r); err != nil {
					return fmt.Errorf("drop index page %s: %w", key, err)
				}
				delete(byKey, key)
				res.Removed++
				continue
			}
			if r.GetString("kind") != collections.PageKindPost || r.GetInt("wp_id") == 0 {
				continue
			}
			if want := posts[r.GetInt("wp_id")]; r.GetString("content") != want {
				r.Set("content", want)
				if err := tx.Save(r); err != nil {
					return fmt.Errorf("link index page %s: %w", key, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// contentsByPost maps the WordPress post ids of a site's contents to the contents.
func contentsByPost(app core.App, siteId string) (map[int]string, error) {
	var rows []struct {
		Id     string `db:"id"`
		PostId int    `db:"wp_post_id"`
	}
	if err := app.DB().Select("id", "wp_post_id").From(collections.Contents).
		Where(dbx.And(dbx.HashExp{"site": siteId}, dbx.NewExp("wp_post_id > 0"))).All(&rows); err != nil {
		return nil, fmt.Errorf("contents of the site: %w", err)
	}
	out := make(map[int]string, len(rows))
	for _, r := range rows {
		out[r.PostId] = r.Id
	}
	return out, nil
}

// EnqueueIndex queues an index run of site (free; one at a time per site).
func EnqueueIndex(app core.App, site *core.Record, createdBy string) (*core.Record, error) {
	return enqueueSiteJob(app, site, JobIndex, createdBy)
}

// indexSite queues an index run (editor+; free).
func indexSite(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	if err := RequireChecked(site); err != nil {
		return tenancy.APIError(err)
	}
	job, err := EnqueueIndex(e.App, site, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status")})
}
