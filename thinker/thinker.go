// Package thinker is where a workspace shapes how the AI writes: its prompt
// library (override any system prompt, reset to the default), personas and
// strategies (collections the writer injects into its prompts), and a
// playground that runs a prompt against a chosen model and reports the
// output, tokens, cost and credits charged.
package thinker

import (
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/ratelimit"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookRoutes is the id of the serve hook that mounts the thinker routes.
const HookRoutes = "igny8.thinker.routes"

// Register mounts the thinker routes.
func Register(app core.App) error {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/thinker").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.GET("/workspaces/{tenant}/prompts", listPrompts)
		g.PUT("/workspaces/{tenant}/prompts/{type}", savePrompt)
		g.DELETE("/workspaces/{tenant}/prompts/{type}", resetPrompt)
		g.POST("/playground", playground).Bind(ratelimit.AISpend(ratelimit.BodyRecord("tenant", collections.Tenants)))
		return se.Next()
	}})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
