package wpimport

import (
	"errors"
	"time"

	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
)

// adopt makes each imported content's WordPress post its post through the
// publisher's one way in (wordpress.Adopt: the post must exist on the site
// and belong to no other content), so later publishes update those posts.
// A site that cannot be reached leaves the contents unadopted with a
// warning; the next run of the same import tries again.
func (im *importer) adopt(app core.App) {
	if len(im.adopts) == 0 {
		return
	}
	t := im.rep.table(KindContents, "")
	if st := im.site.GetString("status"); st != "connected" && st != "degraded" {
		im.rep.warn("%d contents have not adopted their WordPress posts yet: the site is %q; run the connection check, then the import again", len(im.adopts), st)
		return
	}
	done := 0
	var firstErr error
	failed := 0
	started := time.Now()
	defer func() { app.Logger().Debug("wpimport: adopt", "contents", len(im.adopts), "took", time.Since(started)) }()
	for _, a := range im.adopts {
		if im.ctx.Err() != nil {
			break
		}
		_, err := wordpress.Adopt(im.ctx, app, a.content, int(a.post), nil)
		switch {
		case errors.Is(err, wordpress.ErrNoSuchPost), errors.Is(err, wordpress.ErrPostTaken):
			failed++
			im.rep.note(t, "post#"+itoa(a.post), "not adopted: "+err.Error())
			continue
		case err != nil:
			// the site did not answer: stop here rather than hammer it
			failed += len(im.adopts) - done - failed
			firstErr = err
		}
		if err != nil {
			break
		}
		done++
	}
	if done > 0 {
		im.rep.warn("%d contents adopted their WordPress posts: publishing them updates those posts", done)
	}
	if firstErr != nil {
		im.rep.warn("%d contents have not adopted their WordPress posts yet (the site did not answer: %v); check the site's connection and run the import again", failed, firstErr)
	} else if failed > 0 {
		im.rep.warn("%d contents could not adopt their WordPress posts (listed in the notes)", failed)
	}
}
