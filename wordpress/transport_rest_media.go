package wordpress

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/igny8/igny8/tools/wpclient"
)

type wpMedia struct {
	ID          int    `json:"id"`
	SourceURL   string `json:"source_url"`
	Description struct {
		Raw string `json:"raw"`
	} `json:"description"`
}

// Upload finds the attachment by its recorded id, or (after an interrupted
// run) by the marker comment in the description of igny8's own uploads, or
// uploads the image with its alt text as title.
func (t *RESTTransport) Upload(ctx context.Context, u Upload) (Media, error) {
	if u.MediaID > 0 {
		var m wpMedia
		_, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/media/"+strconv.Itoa(u.MediaID), map[string]string{"context": "edit", "_fields": "id,source_url"}, nil), &m)
		if err == nil {
			return Media{ID: m.ID, URL: m.SourceURL}, nil
		}
		if !isNotFound(err) {
			return Media{}, err
		}
	}
	marker := markerComment(ImageMarker(u.ImageID))
	if u.Lookup || u.MediaID > 0 {
		me, err := t.me(ctx)
		if err != nil {
			return Media{}, err
		}
		var list []wpMedia
		q := map[string]string{"search": ImageMarker(u.ImageID), "author": strconv.Itoa(me), "context": "edit", "_fields": "id,source_url,description"}
		if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/media", q, nil), &list); err != nil {
			return Media{}, err
		}
		for _, m := range list {
			if strings.Contains(m.Description.Raw, marker) {
				return Media{ID: m.ID, URL: m.SourceURL}, nil
			}
		}
	}
	q := map[string]string{"title": Text(u.Title), "alt_text": Text(u.Alt), "description": marker, "_fields": "id,source_url"}
	if u.PostID > 0 {
		q["post"] = strconv.Itoa(u.PostID)
	}
	var m wpMedia
	_, err := t.c.Do(ctx, wpclient.Call{Method: http.MethodPost, Route: "/wp/v2/media", Query: q, Body: u.Data, Auth: "basic",
		Headers: map[string]string{"Content-Type": u.MIME, "Content-Disposition": `attachment; filename="` + u.Filename + `"`}}, &m)
	return Media{ID: m.ID, URL: m.SourceURL, Created: true}, err
}

// Featured, Terms and SEO stage their fields; Status sends them with the
// status change in one update (one request instead of four). Each step still
// runs in order: a term that cannot be resolved fails at "terms", the update
// itself at "status", and the post stays a draft until that update succeeds.
func (t *RESTTransport) Featured(_ context.Context, postID int, _ string, mediaID int) error {
	t.stage(postID, func(p *staged) { p.fields["featured_media"] = mediaID })
	return nil
}
