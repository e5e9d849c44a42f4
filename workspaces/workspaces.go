// Package workspaces serves sign-up, invitations and workspace membership: the
// routes that create tenants and change who belongs to them. Memberships have no API rules
// for writes, so these routes are the only way in and enforce the role rules.
package workspaces

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookRoutes is the id of the serve hook that mounts the sign-up, workspace, member and invitation routes.
const HookRoutes = "igny8.workspaces.routes"

// Register mounts the routes on app's router.
func Register(app core.App) error {
	bindReleaseSignupCredits(app)
	bindAIKeyPatch(app)
	bindTenantDeleteRequest(app)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8")
		g.POST("/auth/signup", signup)
		g.POST("/auth/sign-out-everywhere", signOutEverywhere).Bind(apis.RequireAuth("users"))
		w := g.Group("/workspaces").Bind(apis.RequireAuth("users"))
		w.GET("", listMine)
		w.GET("/{tenant}/dashboard", dashboardRoute)
		w.GET("/{tenant}/members", listMembers)
		w.POST("/{tenant}/members", invite)
		w.PATCH("/{tenant}/members/{membership}", changeRole)
		w.DELETE("/{tenant}/members/{membership}", removeMember)
		w.PUT("/{tenant}/ai-key", setAIKey).Bind(apis.BodyLimit(4 << 10))
		w.GET("/{tenant}/ai-key", aiKeyState)
		w.PATCH("/{tenant}", renameWorkspace).Bind(apis.BodyLimit(4 << 10))
		w.GET("/{tenant}/models", listModels)
		w.PUT("/{tenant}/models", setModels).Bind(apis.BodyLimit(8 << 10))
		w.POST("/{tenant}/delete", deleteWorkspace).Bind(apis.BodyLimit(4 << 10))
		w.DELETE("/{tenant}/invitations/{invitation}", revokeInvitation)
		i := g.Group("/invitations").Bind(apis.RequireAuth("users"))
		i.GET("", listMyInvitations)
		i.POST("/{invitation}/accept", acceptInvitation)
		i.POST("/{invitation}/decline", declineInvitation)
		g.PUT("/sites/{site}/credentials", setSiteCredentials).Bind(apis.RequireAuth("users", core.CollectionNameSuperusers))
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
