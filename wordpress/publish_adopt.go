package wordpress

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// AuditAdoptPost is the audit action of an adoption.
const AuditAdoptPost = "content.adopt_post"

// Errors of Adopt.
var (
	ErrNoSuchPost = errors.New("the site has no post with that id")
	ErrPostTaken  = errors.New("that post already belongs to another igny8 content")
)

// A publish only ever updates the post igny8 created for the content or the
// post an admin adopted for it: contents.wp_post_id is a publisher-only field
// (see PublisherFields), the core-REST look-up for an interrupted run only
// considers drafts of igny8's own WordPress user, and the bridge plugin finds
// posts by meta that only its signed routes write. Adopt is the one way an
// existing post becomes a content's post; moving content in, refreshes and the
// Linker use it too.

// Adopt makes the existing WordPress post postID the post of the content, so
// the next publish updates it instead of creating one: the post must exist on
// the content's site and must not be another content's post. It records the
// post on the content and an audit entry (actor may be nil for system callers).
func Adopt(ctx context.Context, app core.App, contentId string, postID int, actor *core.Record) (*Result, error) {
	if postID <= 0 {
		return nil, ErrNoSuchPost
	}
	return withContent(app, contentId, func(t Transport, content, site *core.Record) (*Result, error) {
		other, err := app.FindFirstRecordByFilter(collections.Contents, "site = {:s} && wp_post_id = {:p} && id != {:c}",
			dbx.Params{"s": site.Id, "p": postID, "c": content.Id})
		if err == nil && other != nil {
			return nil, ErrPostTaken
		}
		post, err := t.Adopt(ctx, content.Id, postID)
		var ae *wpclient.APIError
		switch {
		case isNotFound(err):
			return nil, ErrNoSuchPost
		case errors.As(err, &ae) && ae.Code == "igny8_post_taken":
			return nil, ErrPostTaken
		case err != nil:
			return nil, fmt.Errorf("adopt post %d: %w", postID, err)
		}
		previous := content.GetInt("wp_post_id")
		content.Set("wp_post_id", post.ID)
		content.Set("wp_url", post.Link)
		content.Set("wp_status", post.Status)
		// The post does not hold this content's text yet.
		content.Set("publish_status", collections.PublishNone)
		content.Set("publish_error", "")
		if err := app.Save(content); err != nil {
			return nil, fmt.Errorf("record adopted post %d: %w", post.ID, err)
		}
		hooks.Audit(app, actor, content.GetString("tenant"), AuditAdoptPost, content,
			map[string]any{"wp_post_id": post.ID, "previous_wp_post_id": previous, "site": site.Id, "transport": t.Name()})
		return &Result{PostID: post.ID, Status: post.Status, Link: post.Link, Transport: t.Name()}, nil
	})
}

type adoptForm struct {
	PostID int `json:"wp_post_id"`
}

// adoptContent is POST /api/igny8/contents/{content}/adopt {wp_post_id}
// (admin+): it talks to WordPress at once (one request) and answers with the
// adopted post.
func adoptContent(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f adoptForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", nil)
	}
	if f.PostID <= 0 {
		return apis.NewBadRequestError("wp_post_id is required.",
			validation.Errors{"wp_post_id": validation.NewError("validation_required", "The id of the WordPress post to adopt.")})
	}
	res, err := Adopt(e.Request.Context(), e.App, content.Id, f.PostID, e.Auth)
	switch {
	case errors.Is(err, ErrNoSuchPost):
		return apis.NewNotFoundError("The site has no post with that id.",
			validation.Errors{"wp_post_id": validation.NewError("igny8_no_post", "No such post on the content's site.")})
	case errors.Is(err, ErrPostTaken):
		return apis.NewApiError(http.StatusConflict, "That post already belongs to another content.",
			validation.Errors{"wp_post_id": validation.NewError("igny8_post_taken", "Another content publishes to this post.")})
	case errors.As(err, new(*tenancy.StateError)):
		return tenancy.APIError(err) // e.g. a site that has not passed a check: 409
	case err != nil:
		// WordPress's or the network's words stay in the log, never in the answer.
		e.App.Logger().Warn("adopt post", "content", content.Id, "wp_post_id", f.PostID, "error", err)
		return apis.NewApiError(http.StatusBadGateway, "WordPress did not confirm the post; check the site's connection.", nil)
	}
	return e.JSON(http.StatusOK, res)
}

// PublishRole is the least role that may publish content: editors publish
// approved (or already published) content; publishing anything else skips
// the editorial review, which is an admin's decision (admins approve).
func PublishRole(content *core.Record) string {
	switch content.GetString("status") {
	case collections.ContentApproved, collections.ContentPublished:
		return collections.RoleEditor
	}
	return collections.RoleAdmin
}

// HookAdoptRoute is the id of the serve hook that mounts the adopt route.
const HookAdoptRoute = "igny8.wordpress.adoptRoute"

func bindAdopt(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookAdoptRoute, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/contents/{content}/adopt", adoptContent)
		return se.Next()
	}})
}
