package writer

import (
	"net/http"
	"strconv"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/ratelimit"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookRoutes is the id of the serve hook that mounts the writer routes.
const HookRoutes = "igny8.writer.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/writer").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/tasks/{id}/generate", generateRoute).Bind(ratelimit.AISpend(ratelimit.PathRecord("id", collections.Tasks)))
		g.POST("/contents/{id}/images", imagesRoute).Bind(ratelimit.AISpend(ratelimit.PathRecord("id", collections.Contents)))
		g.POST("/contents/{id}/reparse", reparseRoute).Bind(ratelimit.AISpend(ratelimit.PathRecord("id", collections.Contents)))
		g.GET("/contents/{id}/versions", listVersions)
		g.GET("/contents/{id}/versions/{v}", viewVersion)
		g.POST("/contents/{id}/versions/{v}/restore", restoreVersion)
		g.POST("/contents/{id}/status", setStatus)
		g.POST("/tasks/generate", generateManyRoute).Bind(ratelimit.AISpend(firstTaskTenant))
		g.PATCH("/images/{id}", editImageRoute)
		g.DELETE("/images/{id}", deleteImageRoute)
		g.POST("/images/{id}/regenerate", regenerateImageRoute).Bind(ratelimit.AISpend(ratelimit.PathRecord("id", collections.Images)))
		return se.Next()
	}})
}

// versionSummary is one row of the version list (the HTML is left out).
type versionSummary struct {
	Version   int    `db:"version" json:"version"`
	Source    string `db:"source" json:"source"`
	Title     string `db:"title" json:"title"`
	WordCount int    `db:"word_count" json:"word_count"`
	Author    string `db:"author" json:"author"`
	Model     string `db:"model" json:"model"`
	Created   string `db:"created" json:"created"`
}

func listVersions(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecord(e.App, e.Auth, collections.Contents, e.Request.PathValue("id"), collections.RoleViewer)
	if err != nil {
		return tenancy.APIError(err)
	}
	items := []versionSummary{}
	err = e.App.DB().Select("version", "source", "title", "word_count", "author", "model", "created").
		From(collections.ContentVersions).Where(dbx.HashExp{"content": content.Id}).
		OrderBy("version DESC").All(&items)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"content": content.Id, "current": content.GetInt("version"), "items": items})
}

func findVersion(e *core.RequestEvent, min string) (*core.Record, *core.Record, error) {
	content, err := tenancy.RequireRecord(e.App, e.Auth, collections.Contents, e.Request.PathValue("id"), min)
	if err != nil {
		return nil, nil, tenancy.APIError(err)
	}
	v, err := strconv.Atoi(e.Request.PathValue("v"))
	if err != nil || v < 1 {
		return nil, nil, apis.NewBadRequestError("The version must be a positive number.", nil)
	}
	rec, err := e.App.FindFirstRecordByFilter(collections.ContentVersions, "content = {:c} && version = {:v}", dbx.Params{"c": content.Id, "v": v})
	if err != nil {
		return nil, nil, apis.NewNotFoundError("No such version.", nil)
	}
	return content, rec, nil
}

func viewVersion(e *core.RequestEvent) error {
	_, v, err := findVersion(e, collections.RoleViewer)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, v)
}

func restoreVersion(e *core.RequestEvent) error {
	content, v, err := findVersion(e, collections.RoleEditor)
	if err != nil {
		return err
	}
	if err := tenancy.CheckWrite(e, content.GetString("tenant")); err != nil {
		return err
	}
	author := tenancy.AuthId(e)
	if content.GetString("status") == collections.ContentApproved {
		content.Set("status", collections.ContentReview)
	}
	if err := Restore(e.App, content, v.GetInt("version"), author); err != nil {
		return apis.NewBadRequestError("Could not restore the version.", err)
	}
	return e.JSON(http.StatusOK, content)
}
