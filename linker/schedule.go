package linker

import (
	"context"
	"fmt"
	"strconv"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// scheduleLinking is the per-site "linking" schedule: it queues the apply
// job of every article with links waiting to go in or out (approved while an
// earlier apply ran, or whose apply failed), then a suggestion run for each
// live article whose current version has not had one — newest first, up to
// batch runs. Applies wait while the site is not usable (as publishing does);
// suggestions never call WordPress and always run.
func scheduleLinking(_ context.Context, app core.App, site *core.Record, batch int) (int, error) {
	n := 0
	switch site.GetString("status") {
	case wordpress.SiteNew, "", wordpress.SiteDegraded, wordpress.SiteError, wordpress.SiteDisconnected:
	default:
		var sources []string
		err := app.DB().Select("source_content").Distinct(true).From(collections.InternalLinks).
			Where(dbx.HashExp{"site": site.Id, "status": []any{collections.LinkApproved, collections.LinkRemoving}}).
			AndWhere(dbx.NewExp("source_content != ''")).Column(&sources)
		if err != nil {
			return n, fmt.Errorf("pending links of site %s: %w", site.Id, err)
		}
		for _, id := range sources {
			c, err := app.FindRecordById(collections.Contents, id)
			if err != nil || c.GetString("tenant") != site.GetString("tenant") {
				continue
			}
			if _, created, err := jobs.EnqueueCreated(app, applyParams(c, "")); err != nil {
				return n, err
			} else if created {
				n++
			}
		}
	}
	pages, err := app.FindRecordsByFilter(collections.Contents,
		"site = {:s} && tenant = {:t} && wp_post_id > 0 && wp_url != '' && (wp_status = 'publish' || wp_status = 'future')",
		"-published_at", 200, 0, dbx.Params{"s": site.Id, "t": site.GetString("tenant")})
	if err != nil {
		return n, fmt.Errorf("published contents of site %s: %w", site.Id, err)
	}
	made := 0
	for _, c := range pages {
		if made >= batch {
			break
		}
		p := suggestParams(c, "")
		p.ActiveKey = ""
		p.IdempotencyKey = JobSuggest + ":" + c.Id + ":v" + strconv.Itoa(c.GetInt("version"))
		_, created, err := jobs.EnqueueCreated(app, p)
		if err != nil {
			return n, err
		}
		if created {
			made++
			n++
		}
	}
	return n, nil
}
